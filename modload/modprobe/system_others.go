//go:build !linux

package modprobe

import (
	"fmt"
	"os"
	"runtime"
)

// DefaultSystem returns a System whose every use fails: modprobe runs on
// Linux only.
func DefaultSystem() (System, func()) {
	return System{Root: os.DirFS("/"), Cmdline: unsupported, Log: os.Stderr}, func() {}
}

func unsupported() (string, error) {
	return "", fmt.Errorf("modprobe is not supported on %s", runtime.GOOS)
}
