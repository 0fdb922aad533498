package artifact

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
)

// The card's layout: an MBR, then one FAT partition from 1 MiB, as a Pi's
// card or what a Mac or Windows formats.
const (
	cardPartStart = 2048      // sectors: 1 MiB
	cardPartKiB   = 63 * 1024 // mkfs.fat's size, FAT16: with the first MiB, 64 MiB, a power of two as QEMU's SD cards must be
	// CardSignature is the card's MBR disk signature: its partition is
	// PARTUUID=a1b2c3d4-01.
	CardSignature = 0xa1b2c3d4
	// CardLabel is the FAT volume label.
	CardLabel = "AIRBOOT"
)

// MakeCard writes a disk image at path holding one FAT partition with files
// (name in the partition's root → content), without root: dosfstools'
// mkfs.fat makes the file system in a file of its own, mtools' mcopy fills
// it, and the MBR in front is written here.
func MakeCard(path string, files map[string][]byte) error {
	return MakeDisk(path, CardLabel, files)
}

// MakeDisk is MakeCard with another volume label: a USB stick's.
func MakeDisk(path, label string, files map[string][]byte) error {
	dir := filepath.Dir(path)
	part := path + ".part"
	defer os.Remove(part)
	if out, err := exec.Command("mkfs.fat", "-C", "-n", label, part, fmt.Sprint(cardPartKiB)).CombinedOutput(); err != nil {
		return fmt.Errorf("make card: mkfs.fat (apt-get install dosfstools): %w: %s", err, out)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		src := filepath.Join(dir, "card-"+name)
		if err := os.WriteFile(src, files[name], 0o644); err != nil {
			return fmt.Errorf("make card: %w", err)
		}
		out, err := exec.Command("mcopy", "-i", part, src, "::/"+name).CombinedOutput()
		os.Remove(src)
		if err != nil {
			return fmt.Errorf("make card: mcopy %s (apt-get install mtools): %w: %s", name, err, out)
		}
	}
	return writeCard(path, part)
}

// EditCard replaces files in the FAT partition of the card image at path, in
// place, as a user edits the card on another computer: mtools' mcopy -o
// overwrites each one, reaching the partition at its offset (image@@offset).
// The MBR and the other files stay as they are.
func EditCard(path string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	part := fmt.Sprintf("%s@@%d", path, cardPartStart*512)
	for _, name := range names {
		src := filepath.Join(filepath.Dir(path), "edit-"+name)
		if err := os.WriteFile(src, files[name], 0o644); err != nil {
			return fmt.Errorf("edit card: %w", err)
		}
		out, err := exec.Command("mcopy", "-o", "-i", part, src, "::/"+name).CombinedOutput()
		os.Remove(src)
		if err != nil {
			return fmt.Errorf("edit card: mcopy -o %s (apt-get install mtools): %w: %s", name, err, out)
		}
	}
	return nil
}

// writeCard writes the MBR, the gap to the partition, and the partition.
func writeCard(path, part string) error {
	p, err := os.Open(part)
	if err != nil {
		return fmt.Errorf("make card: %w", err)
	}
	defer p.Close()
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("make card: %w", err)
	}
	head := make([]byte, cardPartStart*512)
	copy(head, cardMBR(cardPartKiB*2))
	if _, err := out.Write(head); err != nil {
		out.Close()
		return fmt.Errorf("make card: %w", err)
	}
	if _, err := io.Copy(out, p); err != nil {
		out.Close()
		return fmt.Errorf("make card: %w", err)
	}
	return out.Close()
}

// cardMBR is an MBR with one FAT16 (LBA) partition of sectors sectors from
// cardPartStart: the disk signature at 440, the entry at 446 (type at +4,
// first LBA at +8, sector count at +12), 0x55 0xAA at 510.
func cardMBR(sectors uint32) []byte {
	b := make([]byte, 512)
	binary.LittleEndian.PutUint32(b[440:], CardSignature)
	e := b[446:462]
	e[4] = 0x0e // FAT16, LBA
	binary.LittleEndian.PutUint32(e[8:], cardPartStart)
	binary.LittleEndian.PutUint32(e[12:], sectors)
	b[510], b[511] = 0x55, 0xAA
	return b
}
