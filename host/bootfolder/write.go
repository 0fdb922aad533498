package bootfolder

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/airroot/airroot/host/atomicfile"
)

// Write puts files in dir, creating it and the folders files need. Each
// file is written beside its final name and renamed into place
// (atomicfile), so a folder is never left with half a kernel and a private
// file (the initramfs holding a PSK) is never readable by others. Other files in dir (the Pi's firmware)
// are left alone.
func Write(dir string, files []File) error {
	for _, f := range files {
		if !filepath.IsLocal(filepath.FromSlash(f.Name)) {
			return fmt.Errorf("write boot folder %s: file name %q leaves it", dir, f.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("write boot folder: %w", err)
		}
		mode := os.FileMode(0o644)
		if f.Private {
			mode = 0o600
		}
		if err := atomicfile.Write(p, f.Data, mode); err != nil {
			return fmt.Errorf("write boot folder: %w", err)
		}
	}
	return nil
}

// FirmwareFiles are the Pi firmware files a boot folder needs besides what
// airroot writes; MissingFirmware names those dir lacks.
var FirmwareFiles = []string{"bootcode.bin", "start.elf", "fixup.dat"}

// MissingFirmware lists the FirmwareFiles that dir does not have. (The Pi 4
// boots from its EEPROM and needs start4.elf and fixup4.dat instead.)
func MissingFirmware(dir string) []string {
	var missing []string
	for _, f := range FirmwareFiles {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			missing = append(missing, f)
		}
	}
	return missing
}

// ErrNotOurs reports a boot folder whose config.txt or cmdline.txt airroot
// did not write.
var ErrNotOurs = errors.New("not written by airroot")

// CheckReplaceable refuses a folder whose config.txt, or cmdline.txt with no
// config.txt of airroot's beside it, airroot did not write (Raspberry Pi
// OS's card, a folder of the user's): Write would replace them, and their
// settings (a HAT's dtoverlay=, the screen's hdmi_ lines, another root=)
// would be lost without a word. airroot's own are replaced.
func CheckReplaceable(dir string) error {
	config, err := os.ReadFile(filepath.Join(dir, "config.txt"))
	switch {
	case err == nil && bytes.HasPrefix(config, []byte(configHeader)):
		return nil
	case err == nil:
		return notOurs(dir, "config.txt")
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("write boot folder: %w", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "cmdline.txt")); err == nil {
		return notOurs(dir, "cmdline.txt")
	}
	return nil
}

func notOurs(dir, name string) error {
	return fmt.Errorf("write boot folder: %s is %w (its settings would be lost): "+
		"move it away, keeping the lines you need to add back, or choose another --out",
		filepath.Join(dir, name), ErrNotOurs)
}

// Superseded lists what dir's config.txt, when airroot wrote it, loads and
// files no longer hold: the kernel and initramfs of a build with another
// kernel or compression, left behind on the card (some ten megabytes each,
// on a FAT partition of a few hundred). Call it before Write replaces
// config.txt; RemoveSuperseded removes them after.
func Superseded(dir string, files []File) []string {
	config, err := os.ReadFile(filepath.Join(dir, "config.txt"))
	if err != nil {
		return nil
	}
	var old []string
	for _, name := range Loaded(string(config)) {
		if !slices.ContainsFunc(files, func(f File) bool { return f.Name == name }) {
			old = append(old, name)
		}
	}
	return old
}

// RemoveSuperseded removes names (from Superseded) from dir and returns
// those it removed; one already gone is no error.
func RemoveSuperseded(dir string, names []string) ([]string, error) {
	var removed []string
	for _, name := range names {
		err := os.Remove(filepath.Join(dir, name))
		switch {
		case err == nil:
			removed = append(removed, name)
		case !errors.Is(err, fs.ErrNotExist):
			return removed, fmt.Errorf("remove the last build's %s: %w", name, err)
		}
	}
	return removed, nil
}
