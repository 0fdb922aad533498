package nfsroot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Readahead is the read-ahead window airroot gives the NFS root's backing device
// (its bdi): a page fault in an mmap'd file reads around the faulting page by this
// much (mm/filemap.c, do_sync_mmap_readahead uses the bdi's ra_pages), so it sets
// how many READ calls a program costs when it pages in over NFS. Since Linux 5.4 an
// NFS mount starts at 128 KiB whatever its rsize (nfs-utils' nfsrahead tunes it per
// mount from udev; the initramfs has no udev).
type Readahead struct {
	// KiB is the window in KiB (/sys/class/bdi/MAJOR:MINOR/read_ahead_kb).
	KiB int
	// Kernel leaves the kernel's window alone; KiB is then unused.
	Kernel bool
}

// DefaultReadahead is airroot's window for the NFS root when the command line
// does not choose one: the kernel's. On the emulated Pi 1 over Wi-Fi (e2e
// raspi1ap-wifi-wpa2, a loaded host) the new root's init started 25.8-28.0 s
// after switch_root with 4 MiB against 27.2-33.8 s with the kernel's 128 KiB
// (medians 27.3 and 28.8 s) and 32.5 s with 1 MiB: the link's throughput, not
// its round trips, sets that time, and a wider window did not earn a default.
var DefaultReadahead = Readahead{Kernel: true}

// maxReadaheadKiB bounds a chosen window: read_ahead_kb takes any value, but more
// than this only reads what nobody asked for.
const maxReadaheadKiB = 64 * 1024

// ParseReadahead reads airroot.nfs.readahead='s value: "kernel" (keep the kernel's
// window), or a size in KiB with an optional k or m suffix ("512", "512k", "4m").
func ParseReadahead(v string) (Readahead, error) {
	if v == "kernel" {
		return Readahead{Kernel: true}, nil
	}
	digits, unit := v, 1
	switch {
	case strings.HasSuffix(v, "k"), strings.HasSuffix(v, "K"):
		digits = v[:len(v)-1]
	case strings.HasSuffix(v, "m"), strings.HasSuffix(v, "M"):
		digits, unit = v[:len(v)-1], 1024
	}
	n, err := strconv.Atoi(digits)
	if err != nil || digits == "" || digits[0] < '0' || digits[0] > '9' || n > maxReadaheadKiB/unit {
		return Readahead{}, fmt.Errorf("read-ahead %q: want kernel or a size up to %d KiB: 512 (KiB), 512k, 4m", v, maxReadaheadKiB)
	}
	return Readahead{KiB: n * unit}, nil
}

// String is the window as the command line and the console write it.
func (r Readahead) String() string {
	switch {
	case r.Kernel:
		return "kernel"
	case r.KiB != 0 && r.KiB%1024 == 0:
		return strconv.Itoa(r.KiB/1024) + "m"
	}
	return strconv.Itoa(r.KiB) + "k"
}

// BDIReadaheadFile is the sysfs file that holds the read-ahead window of the
// backing device of a file system whose st_dev is major:minor (an NFS mount has
// an anonymous device, and its bdi is named after it).
func BDIReadaheadFile(major, minor uint32) string {
	return fmt.Sprintf("/sys/class/bdi/%d:%d/read_ahead_kb", major, minor)
}

// ParseReadaheadKB reads read_ahead_kb's contents: a number of KiB and a newline.
func ParseReadaheadKB(text string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 0 {
		return 0, errors.New("read_ahead_kb: want a number of KiB, got " + strconv.Quote(text))
	}
	return n, nil
}
