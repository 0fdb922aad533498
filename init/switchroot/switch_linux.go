package switchroot

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// kernelMounts are moved into the new root, in this order.
var kernelMounts = []string{"/dev", "/proc", "/sys", "/run"}

// Switch makes NewRoot the root and execs Init in it. It returns only on
// failure; before anything is deleted it checks that Init is executable, so
// a failed check leaves the initramfs as it was.
func Switch(o Options) error {
	logf := o.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if err := CheckInit(o.NewRoot, o.Init); err != nil {
		return err
	}
	if err := mustBeRAMRoot(); err != nil {
		return err
	}
	for _, m := range kernelMounts {
		moveMount(m, filepath.Join(o.NewRoot, m), logf)
	}
	if err := os.Chdir(o.NewRoot); err != nil {
		return fmt.Errorf("switch root: chdir %s: %w", o.NewRoot, err)
	}
	freed, err := deleteInitramfs("/", o.NewRoot)
	if err != nil {
		// Not fatal: the files only cost memory.
		logf("switch_root: freeing the initramfs: %v", err)
	}
	logf("switch_root: freed %d KiB of initramfs", freed/1024)
	if err := unix.Mount(".", "/", "", unix.MS_MOVE, ""); err != nil {
		return fmt.Errorf("switch root: move %s to /: %w", o.NewRoot, err)
	}
	if err := unix.Chroot("."); err != nil {
		return fmt.Errorf("switch root: chroot %s: %w", o.NewRoot, err)
	}
	if err := unix.Chdir("/"); err != nil {
		return fmt.Errorf("switch root: chdir /: %w", err)
	}
	if o.BeforeExec != nil {
		o.BeforeExec()
	}
	argv := append([]string{o.Init}, o.Args...)
	err = unix.Exec(o.Init, argv, o.Env)
	return fmt.Errorf("switch root: exec %s: %w", o.Init, err)
}

// mustBeRAMRoot refuses to delete files unless / is the initramfs (ramfs or
// tmpfs) and we are PID 1: run anywhere else, deleting / would be a disaster.
func mustBeRAMRoot() error {
	if os.Getpid() != 1 {
		return errors.New("switch root: not PID 1: refusing to delete the root filesystem's files")
	}
	var st unix.Statfs_t
	if err := unix.Statfs("/", &st); err != nil {
		return fmt.Errorf("switch root: statfs /: %w", err)
	}
	// Type is int32 on 32-bit ARM, where RAMFS_MAGIC does not fit.
	if t := uint32(st.Type); t != unix.RAMFS_MAGIC && t != unix.TMPFS_MAGIC {
		return fmt.Errorf("switch root: / is not an initramfs (filesystem type %#x): refusing to delete its files", t)
	}
	return nil
}

// moveMount moves a kernel filesystem into the new root; when the new root
// has no such directory the mount is detached instead, as systemd does.
func moveMount(from, to string, logf func(string, ...any)) {
	if fi, err := os.Stat(to); err != nil || !fi.IsDir() {
		logf("switch_root: the new root has no %s: detaching it", from)
		_ = unix.Unmount(from, unix.MNT_DETACH)
		return
	}
	if err := unix.Mount(from, to, "", unix.MS_MOVE, ""); err != nil {
		logf("switch_root: move %s to %s: %v: detaching it", from, to, err)
		_ = unix.Unmount(from, unix.MNT_DETACH)
	}
}
