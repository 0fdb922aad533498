package boot

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// kernelMounts are mounted in order at the start of the boot.
var kernelMounts = []kernelMount{
	{Source: "proc", Target: "/proc", FSType: "proc", Flags: unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC},
	{Source: "sysfs", Target: "/sys", FSType: "sysfs", Flags: unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC},
	{Source: "devtmpfs", Target: "/dev", FSType: "devtmpfs", Flags: unix.MS_NOSUID, Data: "mode=0755"},
	{Source: "devpts", Target: "/dev/pts", FSType: "devpts", Flags: unix.MS_NOSUID | unix.MS_NOEXEC, Data: "gid=5,mode=0620,ptmxmode=0666"},
	{Source: "tmpfs", Target: "/run", FSType: "tmpfs", Flags: unix.MS_NOSUID | unix.MS_NODEV, Data: "mode=0755"},
}

// mountKernelFilesystems mounts /proc, /sys, /dev, /dev/pts and /run. A
// filesystem that is already mounted there (EBUSY) is fine.
func mountKernelFilesystems() error {
	for _, m := range kernelMounts {
		if err := os.MkdirAll(m.Target, 0o755); err != nil {
			return fmt.Errorf("mount %s: %w", m, err)
		}
		err := unix.Mount(m.Source, m.Target, m.FSType, m.Flags, m.Data)
		if err != nil && !errors.Is(err, unix.EBUSY) {
			return fmt.Errorf("mount %s: %w", m, err)
		}
	}
	return nil
}
