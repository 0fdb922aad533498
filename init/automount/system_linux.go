package automount

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Mount mounts /dev/NAME on dir, nosuid and nodev, read-only unless
// readWrite.
func (s System) Mount(name, dir, fstype string, readWrite bool) error {
	flags := uintptr(unix.MS_NOSUID | unix.MS_NODEV)
	if !readWrite {
		flags |= unix.MS_RDONLY
	}
	dev := orDefault(s.Dev, "/dev") + "/" + name
	if err := unix.Mount(dev, dir, fstype, flags, ""); err != nil {
		return fmt.Errorf("mount %s on %s: %w", dev, dir, err)
	}
	return nil
}

// Unmount detaches dir's file system (MNT_DETACH): it is gone from the
// tree at once, and freed once the last file open on it is closed.
func (System) Unmount(dir string) error {
	if err := unix.Unmount(dir, unix.MNT_DETACH); err != nil {
		return fmt.Errorf("unmount %s: %w", dir, err)
	}
	return nil
}
