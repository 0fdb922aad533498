package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
)

// E2ELock is the file the e2e tests' QEMU runs are serialised through
// (`flock /tmp/airroot-e2e.lock go test -tags e2e ...`); the benchmark's boots
// take the same lock, one boot at a time.
const E2ELock = "/tmp/airroot-e2e.lock"

// lockE2E takes an exclusive flock(2) on path, waiting in the kernel's queue
// beside flock(1)'s waiters until it is free or ctx ends, and returns what
// releases it. An empty path takes no lock.
func lockE2E(ctx context.Context, path string) (unlock func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fmt.Errorf("take the e2e lock: %w", err)
	}
	got := make(chan error, 1)
	go func() { got <- flockRetry(f) }()
	select {
	case err := <-got:
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("take the e2e lock %s: %w", path, err)
		}
		return func() { f.Close() }, nil // closing the file releases the lock
	case <-ctx.Done():
		go func() { <-got; f.Close() }() // a lock taken after all is let go at once
		return nil, fmt.Errorf("take the e2e lock %s: %w", path, ctx.Err())
	}
}

// flockRetry blocks in flock(LOCK_EX) until f's lock is taken, again after a
// signal interrupts it.
func flockRetry(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
