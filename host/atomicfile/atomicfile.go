// Package atomicfile writes a file so that nobody ever sees it half written
// or readable by more than its final mode allows: the image builder's way of
// writing anything that holds a Wi-Fi pre-shared key.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Write replaces p with data at mode. The data goes into a new file beside p,
// created 0600 (os.CreateTemp), synced and only then given mode and renamed
// over p: an existing p keeps its old content and inode until the rename, so
// a key is never written into a file that someone else may already read,
// nor left in a truncated one after a crash.
func Write(p string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, there is nothing left to remove
	if err := fill(tmp, data, mode); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	return syncDir(filepath.Dir(p))
}

// fill writes data, sets the final mode and flushes the file to its disk.
func fill(f *os.File, data []byte, mode os.FileMode) error {
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Chmod(mode); err != nil {
		return err
	}
	return f.Sync()
}

// syncDir makes the rename itself durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
