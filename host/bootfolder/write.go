package bootfolder

import (
	"fmt"
	"os"
	"path/filepath"

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
