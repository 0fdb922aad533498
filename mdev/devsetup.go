package mdev

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// devLinks are the links programs expect in /dev, which devtmpfs lacks.
var devLinks = []struct{ name, target string }{
	{"fd", "/proc/self/fd"},
	{"stdin", "/proc/self/fd/0"},
	{"stdout", "/proc/self/fd/1"},
	{"stderr", "/proc/self/fd/2"},
}

// PrepareDev makes what devtmpfs lacks in Dev: the fd, stdin, stdout and
// stderr links to /proc/self/fd, and the shm directory (mode 1777, with a
// tmpfs on it when MountShm is set). What exists already is left alone.
// Start calls it and logs its error.
func (d *Daemon) PrepareDev() error {
	d.setDefaults()
	var errs []error
	for _, l := range devLinks {
		p := filepath.Join(d.Dev, l.name)
		if _, err := os.Lstat(p); err == nil {
			continue
		}
		if err := os.Symlink(l.target, p); err != nil {
			errs = append(errs, err)
		}
	}
	shm := filepath.Join(d.Dev, "shm")
	if err := os.Mkdir(shm, 0o755); err == nil {
		errs = append(errs, os.Chmod(shm, 0o777|fs.ModeSticky))
	} else if !errors.Is(err, fs.ErrExist) {
		errs = append(errs, err)
	}
	if d.MountShm {
		if err := mountTmpfs(shm, "mode=1777"); err != nil {
			errs = append(errs, fmt.Errorf("mount tmpfs on %s: %w", shm, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("mdev: prepare %s: %w", d.Dev, err)
	}
	return nil
}
