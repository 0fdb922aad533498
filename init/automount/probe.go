package automount

import (
	"bytes"
	"encoding/binary"

	"github.com/airroot/airroot/init/bootpart"
)

// HeadSize is how much of a device Probe wants: the FAT boot sector (0-511)
// and the ext2/3/4 superblock (1024-2047).
const HeadSize = 2048

// Filesystem is what Probe found on a device.
type Filesystem struct {
	Name   string // vfat, ext2, ext3 or ext4: what the console says
	FSType string // what mount(2) is given
	Label  string // the volume label; "" when it has none
}

// The ext2/3/4 superblock starts 1024 bytes into the device; the offsets of
// its fields are from its start (Linux, fs/ext4/ext4.h, struct ext4_super_block).
const (
	extSuper       = 1024
	extMagicOff    = 0x38 // s_magic, 0xEF53
	extCompatOff   = 0x5C // s_feature_compat
	extIncompatOff = 0x60 // s_feature_incompat
	extROCompatOff = 0x64 // s_feature_ro_compat
	extLabelOff    = 0x78 // s_volume_name[16]
	extMagic       = 0xEF53

	extHasJournal = 0x4 // COMPAT_HAS_JOURNAL
	extJournalDev = 0x8 // INCOMPAT_JOURNAL_DEV: an external journal, nothing to mount
	// The features ext2 and ext3 know (INCOMPAT_FILETYPE, _RECOVER, _META_BG;
	// RO_COMPAT_SPARSE_SUPER, _LARGE_FILE, _BTREE_DIR); any other makes it ext4,
	// as blkid names it.
	extOldIncompat = 0x2 | 0x4 | 0x10
	extOldROCompat = 0x1 | 0x2 | 0x4
)

// Probe reads the file system at the start of a device from head, its first
// HeadSize bytes (fewer when the device is smaller): FAT (12, 16 or 32) by
// its boot sector, ext2, ext3 or ext4 by its superblock. ok is false for
// anything else.
func Probe(head []byte) (fs Filesystem, ok bool) {
	if fs, ok := probeExt(head); ok {
		return fs, true
	}
	if len(head) < bootpart.SectorSize {
		return Filesystem{}, false
	}
	label, isFAT := bootpart.FATLabel(head[:bootpart.SectorSize])
	if !isFAT {
		return Filesystem{}, false
	}
	return Filesystem{Name: "vfat", FSType: "vfat", Label: label}, true
}

// probeExt reads an ext2/3/4 superblock. Debian's ext4 driver mounts all
// three (CONFIG_EXT4_USE_FOR_EXT2), so each is mounted as ext4.
func probeExt(head []byte) (Filesystem, bool) {
	if len(head) < HeadSize {
		return Filesystem{}, false
	}
	sb := head[extSuper:HeadSize]
	if binary.LittleEndian.Uint16(sb[extMagicOff:]) != extMagic {
		return Filesystem{}, false
	}
	compat := binary.LittleEndian.Uint32(sb[extCompatOff:])
	incompat := binary.LittleEndian.Uint32(sb[extIncompatOff:])
	roCompat := binary.LittleEndian.Uint32(sb[extROCompatOff:])
	if incompat&extJournalDev != 0 {
		return Filesystem{}, false
	}
	name := "ext2"
	switch {
	case incompat&^extOldIncompat != 0 || roCompat&^extOldROCompat != 0:
		name = "ext4"
	case compat&extHasJournal != 0:
		name = "ext3"
	}
	label, _, _ := bytes.Cut(sb[extLabelOff:extLabelOff+16], []byte{0})
	return Filesystem{Name: name, FSType: "ext4", Label: string(label)}, true
}

// Modules are the modules a file system needs, loaded before the mount: FAT
// with the code page (437) and character set (ascii, Debian's default) the
// kernel asks for at mount, ext2/3/4 with the ext4 driver.
func (f Filesystem) Modules() []string {
	if f.FSType == "vfat" {
		return []string{"vfat", "nls_cp437", "nls_ascii"}
	}
	return []string{f.FSType}
}
