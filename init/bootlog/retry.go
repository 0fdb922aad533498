package bootlog

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/airroot/airroot/internal/backoff"
)

// Retry calls fn until it succeeds, fails for good (an error matching
// ErrPermanent), or ctx ends.
// Every failure is logged as "<step>: waiting for <what>: <error> (attempt
// N, next in D)", so the console says what the board is waiting for.
func Retry(ctx context.Context, log *Logger, sleep func(context.Context, time.Duration) error, b backoff.Backoff, step, what string, fn func(context.Context) error) error {
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

// StepBackoff paces the attempts of a boot step, in PID 1 and in the keeper:
// a second, doubled after each failure, at most 30 s.
var StepBackoff = backoff.Backoff{Initial: time.Second, Max: 30 * time.Second}

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
