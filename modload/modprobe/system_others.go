//go:build !linux

package modprobe

import (
	"os"

	"github.com/airroot/airroot/modload"
)

// DefaultSystem returns a System whose every load fails: modprobe runs on
// Linux only (see modload.Loader.Init).
func DefaultSystem(cmdline func() (modload.KernelParams, error)) (System, func()) {
	return System{Root: os.DirFS("/"), Cmdline: cmdline, Log: os.Stderr}, func() {}
}
