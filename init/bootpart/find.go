package bootpart

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrNotFound says no partition matched.
var ErrNotFound = errors.New("no such partition")

// Finder looks for partitions in a sysfs and a /dev (tests give others).
type Finder struct {
	Sys string // "/sys"
	Dev string // "/dev"
}

// Find returns the first partition, by disk name then number, that spec
// matches among those the kernel knows now.
func (f Finder) Find(spec Spec) (Partition, error) {
	parts, err := f.partitions()
	if err != nil {
		return Partition{}, err
	}
	for _, p := range parts {
		if spec.Kind == Path && p.name != strings.TrimPrefix(spec.Value, "/dev/") {
			continue
		}
		found := f.read(p, spec.Kind == PartUUID)
		if spec.Matches(found) {
			return found, nil
		}
	}
	return Partition{}, fmt.Errorf("find %s: %w among %d partitions", spec, ErrNotFound, len(parts))
}

// sysPart is a partition as /sys/class/block lists it.
type sysPart struct {
	name, disk string
	number     int
}

// partitions lists /sys/class/block's partitions, by disk then number.
func (f Finder) partitions() ([]sysPart, error) {
	dir := filepath.Join(f.Sys, "class/block")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list block devices: %w", err)
	}
	var parts []sysPart
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name(), "partition"))
		if err != nil {
			continue // a whole disk
		}
		n, err := strconv.Atoi(strings.TrimSpace(string(raw)))
		if err != nil {
			continue
		}
		// /sys/class/block/NAME links to .../DISK/NAME.
		target, err := os.Readlink(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		parts = append(parts, sysPart{name: e.Name(), disk: filepath.Base(filepath.Dir(target)), number: n})
	}
	sort.Slice(parts, func(i, j int) bool {
		if parts[i].disk != parts[j].disk {
			return parts[i].disk < parts[j].disk
		}
		return parts[i].number < parts[j].number
	})
	return parts, nil
}

// read reads a partition's boot sector and, if asked, its PARTUUID from
// its disk's partition table. What cannot be read stays empty.
func (f Finder) read(p sysPart, partUUID bool) Partition {
	out := Partition{Dev: filepath.Join(f.Dev, p.name)}
	if sector, err := readSector(out.Dev); err == nil {
		out.Label, out.FAT = FATLabel(sector)
	}
	if partUUID {
		out.PartUUID = f.partUUID(p)
	}
	return out
}

func (f Finder) partUUID(p sysPart) string {
	disk, err := os.Open(filepath.Join(f.Dev, p.disk))
	if err != nil {
		return ""
	}
	defer disk.Close()
	mbr := make([]byte, SectorSize)
	if _, err := io.ReadFull(disk, mbr); err != nil {
		return ""
	}
	if ids := MBRPartUUIDs(mbr); ids != nil {
		return ids[p.number]
	}
	return GPTPartUUIDs(disk.ReadAt)[p.number]
}

func readSector(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, SectorSize)
	if _, err := f.ReadAt(b, 0); err != nil {
		return nil, err
	}
	return b, nil
}
