// Package backoff is airroot's one schedule of waits between attempts: PID 1
// and the keeper pace the attempts of a boot step with it, and the DHCP
// client its retransmissions (RFC 2131 4.1, with jitter); HalfLeft paces
// what must be done before a deadline, a lease's renewal (RFC 2131 4.4.5).
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

// HalfLeft is the wait before trying again with left until a deadline, as
// RFC 2131 section 4.4.5 paces a lease's renewal: half of left, "down to a
// minimum of" floor, but never past the deadline, where what comes next
// begins; 0 once the deadline has passed.
func HalfLeft(left, floor time.Duration) time.Duration {
	return max(min(max(left/2, floor), left), 0)
}
