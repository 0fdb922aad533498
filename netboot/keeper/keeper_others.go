//go:build !linux

package keeper

import (
	"fmt"
	"os"
	"runtime"
)

// Run is the keeper, which only exists on Linux.
func Run() {
	fmt.Fprintf(os.Stderr, "airroot: the keeper runs only on Linux, not %s\n", runtime.GOOS)
	os.Exit(1)
}
