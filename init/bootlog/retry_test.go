package bootlog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/internal/backoff"
	"github.com/google/go-cmp/cmp"
)

var errTest = errors.New("test failure")

func TestRetry(t *testing.T) {
	tests := []struct {
		name      string
		failures  int   // how many times fn fails before succeeding
		failWith  error // what it fails with
		sleepErr  error // what sleep returns (ctx ended)
		wantErr   error
		wantCalls int
		wantWaits int
	}{
		{name: "succeeds at once", wantCalls: 1},
		{name: "succeeds on the third try", failures: 2, failWith: errTest, wantCalls: 3, wantWaits: 2},
		{name: "permanent error stops at once", failures: 5, failWith: Permanent(errTest),
			wantErr: errTest, wantCalls: 1},
		{name: "context ends", failures: 5, failWith: errTest, sleepErr: context.Canceled,
			wantErr: context.Canceled, wantCalls: 1, wantWaits: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var console bytes.Buffer
			log := &Logger{Console: &console}
			calls, waits := 0, 0
			sleep := func(context.Context, time.Duration) error { waits++; return tt.sleepErr }
			err := Retry(context.Background(), log, sleep, backoff.Backoff{Initial: time.Second, Max: time.Minute},
				"nfs", "NFS server 10.0.2.2", func(context.Context) error {
					calls++
					if calls <= tt.failures {
						return tt.failWith
					}
					return nil
				})
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Retry = %v, want %v", err, tt.wantErr)
			}
			if calls != tt.wantCalls || waits != tt.wantWaits {
				t.Errorf("calls=%d waits=%d, want %d and %d", calls, waits, tt.wantCalls, tt.wantWaits)
			}
			if n := strings.Count(console.String(), "nfs: waiting for NFS server 10.0.2.2: test failure (attempt"); n != tt.wantWaits {
				t.Errorf("console has %d waiting lines, want %d:\n%s", n, tt.wantWaits, console.String())
			}
		})
	}
}

func TestRetrySaysNextDelay(t *testing.T) {
	var console bytes.Buffer
	calls := 0
	_ = Retry(context.Background(), &Logger{Console: &console},
		func(context.Context, time.Duration) error { return nil },
		backoff.Backoff{Initial: time.Second, Max: time.Minute}, "link", "a network interface with carrier",
		func(context.Context) error {
			calls++
			if calls < 3 {
				return fmt.Errorf("no carrier on eth0")
			}
			return nil
		})
	want := "airroot: link: waiting for a network interface with carrier: no carrier on eth0 (attempt 1, next in 1s)\n" +
		"airroot: link: waiting for a network interface with carrier: no carrier on eth0 (attempt 2, next in 2s)\n"
	if diff := cmp.Diff(want, console.String()); diff != "" {
		t.Errorf("console (-want +got):\n%s", diff)
	}
}

func TestPermanent(t *testing.T) {
	base := errors.New("bad options")
	err := Permanent(base)
	if !errors.Is(err, ErrPermanent) || !errors.Is(err, base) {
		t.Errorf("Permanent(%v) loses an identity", base)
	}
	if err.Error() != "bad options" {
		t.Errorf("message %q changed", err)
	}
}
