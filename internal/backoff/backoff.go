// Package backoff is airroot's one schedule of waits between attempts: PID 1
// and the keeper pace the attempts of a boot step with it, and the DHCP
// client its retransmissions (RFC 2131 4.1, with jitter).
package backoff

import "time"

// Backoff waits Initial after the first failed attempt and doubles the wait
// after each further one, never past Max. With Jitter set, Jittered moves
// each wait by a random amount of up to ±Jitter, so that clients that failed
// together do not retry in step.
type Backoff struct {
	Initial, Max, Jitter time.Duration
}

// Delay is the wait after failed attempt n (from 1), without jitter.
func (b Backoff) Delay(attempt int) time.Duration {
	d := b.Initial
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Jittered is Delay moved by up to ±Jitter, never below a millisecond.
// randN returns a uniform duration in [0, n).
func (b Backoff) Jittered(attempt int, randN func(n time.Duration) time.Duration) time.Duration {
	d := b.Delay(attempt)
	if b.Jitter > 0 {
		d += randN(2*b.Jitter+1) - b.Jitter
	}
	return max(d, time.Millisecond)
}
