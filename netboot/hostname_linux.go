package netboot

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// setHostname is sethostname(2).
func setHostname(name string) error {
	if err := unix.Sethostname([]byte(name)); err != nil {
		return fmt.Errorf("set host name %q: %w", name, os.NewSyscallError("sethostname", err))
	}
	return nil
}
