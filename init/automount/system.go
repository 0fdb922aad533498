package automount

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// System is OS on the running kernel.
type System struct {
	Sys string // sysfs; "/sys" when ""
	Dev string // devtmpfs; "/dev" when ""
}

// Head reads the first HeadSize bytes of /dev/NAME.
func (s System) Head(name string) ([]byte, error) {
	path := filepath.Join(orDefault(s.Dev, "/dev"), name)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, HeadSize)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return head[:n], nil
}

// Partitioned reports whether the disk has a partition: a directory of its
// own in sysfs with a "partition" file.
func (s System) Partitioned(devpath string) bool {
	dir := filepath.Join(orDefault(s.Sys, "/sys"), devpath)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(dir, e.Name(), "partition")); err == nil {
			return true
		}
	}
	return false
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
