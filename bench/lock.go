package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// E2ELock is the file the e2e tests' QEMU runs are serialised through
// (`flock /tmp/airroot-e2e.lock go test -tags e2e ...`); the benchmark's boots
// take the same lock, one boot at a time.
const E2ELock = "/tmp/airroot-e2e.lock"

// lockE2E takes an exclusive flock(2) on path, polling until it is free or ctx
// ends, and returns what releases it. An empty path takes no lock.
func lockE2E(ctx context.Context, path string) (unlock func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fmt.Errorf("take the e2e lock: %w", err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil // closing the file releases the lock
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("take the e2e lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("take the e2e lock %s: %w", path, ctx.Err())
		case <-time.After(time.Second):
		}
	}
}
