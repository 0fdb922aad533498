//go:build !linux

package main

import (
	"fmt"
	"runtime"
)

// powerOff is only possible on Linux.
func powerOff() error {
	return fmt.Errorf("power off: not supported on %s", runtime.GOOS)
}
