package bootlog

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Backoff says how long to wait between attempts of a boot step: Initial,
// doubled each time, never more than Max.
//
// It is not netboot/dhcp's Backoff, although both double: that one is the
// RFC 2131 retransmission schedule inside one DHCP exchange (how long to
// wait for a reply before sending again, with jitter so that clients do
// not resend in step), while this one paces whole attempts of a step (a
// DHCP attempt among them) and is what the console's "next in" says.
type Backoff struct {
	Initial, Max time.Duration
}

// Delay is the wait after the given failed attempt (1-based).
func (b Backoff) Delay(attempt int) time.Duration {
	d := b.Initial
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Retry calls fn until it succeeds, fails for good (an error matching
// ErrPermanent), or ctx ends.
// Every failure is logged as "<step>: waiting for <what>: <error> (attempt
// N, next in D)", so the console says what the board is waiting for.
func Retry(ctx context.Context, log *Logger, sleep func(context.Context, time.Duration) error, b Backoff, step, what string, fn func(context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		if errors.Is(err, ErrPermanent) {
			return err
		}
		d := b.Delay(attempt)
		log.Warnf("%s: waiting for %s: %v (attempt %d, next in %v)", step, what, err, attempt, d)
		if err := sleep(ctx, d); err != nil {
			return fmt.Errorf("%s: gave up waiting for %s after %d attempts: %w", step, what, attempt, err)
		}
	}
}

// Sleep waits d or until ctx ends: the sleep Retry takes outside tests.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
