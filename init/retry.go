package boot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/airroot/airroot/netboot"
)

// Backoff says how long to wait between attempts: Initial, doubled each
// time, never more than Max.
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
// netboot.ErrPermanent), or ctx ends.
// Every failure is logged as "<step>: waiting for <what>: <error> (attempt
// N, next in D)", so the console says what the board is waiting for.
func Retry(ctx context.Context, log *Logger, sleep func(context.Context, time.Duration) error, b Backoff, step, what string, fn func(context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		if errors.Is(err, netboot.ErrPermanent) {
			return err
		}
		d := b.Delay(attempt)
		log.Warnf("%s: waiting for %s: %v (attempt %d, next in %v)", step, what, err, attempt, d)
		if err := sleep(ctx, d); err != nil {
			return fmt.Errorf("%s: gave up waiting for %s after %d attempts: %w", step, what, attempt, err)
		}
	}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
