package bootfolder

import (
	"fmt"
	"os"
	"path/filepath"
)

// Write puts files in dir, creating it and the folders files need. Each
// file is written beside its final name and renamed into place, so a folder
// is never left with half a kernel. Other files in dir (the Pi's firmware)
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
		if err := writeFile(p, f.Data, mode); err != nil {
			return fmt.Errorf("write boot folder: %w", err)
		}
	}
	return nil
}

func writeFile(p string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
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
