//go:build !linux

package switchroot

import (
	"fmt"
	"runtime"
)

// Switch is only possible on Linux.
func Switch(o Options) error {
	return fmt.Errorf("switch root: not supported on %s", runtime.GOOS)
}
