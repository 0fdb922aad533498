package main

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// powerOff syncs and asks the kernel to power the machine off.
func powerOff() error {
	unix.Sync()
	if err := unix.Reboot(unix.LINUX_REBOOT_CMD_POWER_OFF); err != nil {
		return fmt.Errorf("power off: reboot(POWER_OFF): %w", err)
	}
	return nil
}
