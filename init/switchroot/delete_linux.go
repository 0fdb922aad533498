package switchroot

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// deleteInitramfs removes everything below root that lives on root's own
// filesystem, never crossing into another mount and never touching skip (the
// new root). It returns how many bytes of file data were freed.
func deleteInitramfs(root, skip string) (int64, error) {
	var rootSt unix.Stat_t
	if err := unix.Lstat(root, &rootSt); err != nil {
		return 0, fmt.Errorf("lstat %s: %w", root, err)
	}
	return deleteBelow(root, skip, rootSt.Dev)
}

func deleteBelow(dir, skip string, dev uint64) (int64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("read directory %s: %w", dir, err)
	}
	var freed int64
	var errs []error
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if p == skip {
			continue
		}
		var st unix.Stat_t
		if err := unix.Lstat(p, &st); err != nil {
			errs = append(errs, fmt.Errorf("lstat %s: %w", p, err))
			continue
		}
		if st.Dev != dev {
			continue // a mount point: not ours to delete
		}
		if st.Mode&unix.S_IFMT == unix.S_IFDIR {
			n, err := deleteBelow(p, skip, dev)
			freed += n
			if err != nil {
				errs = append(errs, err)
			}
			if err := unix.Rmdir(p); err != nil && !errors.Is(err, unix.EBUSY) {
				errs = append(errs, fmt.Errorf("remove %s: %w", p, err))
			}
			continue
		}
		if err := unix.Unlink(p); err != nil {
			errs = append(errs, fmt.Errorf("remove %s: %w", p, err))
			continue
		}
		freed += st.Size
	}
	return freed, errors.Join(errs...)
}
