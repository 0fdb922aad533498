package netboot

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// nodename is the kernel's node name, from uname(2); "" when it fails.
func nodename() string {
	var uts unix.Utsname
	if unix.Uname(&uts) != nil {
		return ""
	}
	return unix.ByteSliceToString(uts.Nodename[:])
}

// setHostname is sethostname(2).
func setHostname(name string) error {
	if err := unix.Sethostname([]byte(name)); err != nil {
		return fmt.Errorf("set host name %q: %w", name, os.NewSyscallError("sethostname", err))
	}
	return nil
}
