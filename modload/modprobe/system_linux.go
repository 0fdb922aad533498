package modprobe

import (
	"os"

	"github.com/airroot/airroot/modload"
)

// DefaultSystem returns the running system: /, /lib/modules/$(uname -r),
// cmdline for what the kernel command line asks of modules,
// finit_module(2), /proc/modules, and /dev/kmsg for the log (standard error
// when it cannot be opened). Call the returned function to close the log.
func DefaultSystem(cmdline func() (modload.KernelParams, error)) (System, func()) {
	sys := System{Root: os.DirFS("/"), Cmdline: cmdline, Log: os.Stderr}
	kmsg, err := os.OpenFile("/dev/kmsg", os.O_WRONLY, 0)
	if err != nil {
		return sys, func() {}
	}
	sys.Log = kmsg
	return sys, func() { kmsg.Close() }
}
