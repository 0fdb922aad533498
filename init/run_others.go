//go:build !linux

package boot

import (
	"fmt"
	"os"
	"runtime"
)

// Run is PID 1, which only exists on Linux.
func Run() {
	fmt.Fprintf(os.Stderr, "airroot: init runs only on Linux, not %s\n", runtime.GOOS)
	os.Exit(1)
}
