package bench

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestLockE2EWaitsForTheHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "e2e.lock")
	unlock, err := lockE2E(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	if _, err := lockE2E(ctx, path); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second lock while held: error %v, want the deadline", err)
	}
	unlock()
	again, err := lockE2E(context.Background(), path)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again()
}

func TestLockE2EEmptyPathTakesNoLock(t *testing.T) {
	unlock, err := lockE2E(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	unlock()
}
