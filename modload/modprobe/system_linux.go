package modprobe

import (
	"os"
	"strings"
)

// DefaultSystem returns the running system: /, /lib/modules/$(uname -r),
// /proc/cmdline, finit_module(2), /proc/modules, and /dev/kmsg for the log
// (standard error when it cannot be opened). Call the returned function to
// close the log.
func DefaultSystem() (System, func()) {
	sys := System{Root: os.DirFS("/"), Cmdline: procCmdline, Log: os.Stderr}
	kmsg, err := os.OpenFile("/dev/kmsg", os.O_WRONLY, 0)
	if err != nil {
		return sys, func() {}
	}
	sys.Log = kmsg
	return sys, func() { kmsg.Close() }
}

func procCmdline() (string, error) {
	data, err := os.ReadFile("/proc/cmdline")
	return strings.TrimSpace(string(data)), err
}
