package netboot

import (
	"fmt"
	"os"
	"strconv"

	"github.com/airroot/airroot/netboot/nfsroot"
	"golang.org/x/sys/unix"
)

// SetReadahead gives the NFS file system mounted at dir the read-ahead window
// ra, through its bdi's read_ahead_kb in sysfs (found from dir's st_dev), and
// returns the window it had. It does nothing when ra keeps the kernel's.
func SetReadahead(dir string, ra nfsroot.Readahead) (was int, err error) {
	if ra.Kernel {
		return 0, nil
	}
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return 0, fmt.Errorf("stat %s: %w", dir, err)
	}
	file := nfsroot.BDIReadaheadFile(unix.Major(uint64(st.Dev)), unix.Minor(uint64(st.Dev)))
	old, err := os.ReadFile(file)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", file, err)
	}
	if was, err = nfsroot.ParseReadaheadKB(string(old)); err != nil {
		return 0, fmt.Errorf("read %s: %w", file, err)
	}
	if err := os.WriteFile(file, []byte(strconv.Itoa(ra.KiB)+"\n"), 0); err != nil {
		return was, fmt.Errorf("write %s: %w", file, err)
	}
	return was, nil
}
