package bootpart

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
)

// SectorSize is what the readers want: the first 512 bytes of a partition
// or disk. GPT headers are read at LBA 1 of 512-byte sectors only.
const SectorSize = 512

// FATLabel reports whether sector (a partition's first) is a FAT boot
// sector, and its volume label. The boot sector's signature is 0x55 0xAA
// at offset 510; the extended BIOS parameter block holds the file system
// type ("FAT12   ", "FAT16   ", "FAT     " at 54, "FAT32   " at 82) and
// the volume label 11 bytes before it (43 or 71), after its signature 0x29
// (38 or 66) (Microsoft, FAT: General Overview of On-Disk Format, 2000).
func FATLabel(sector []byte) (label string, isFAT bool) {
	if len(sector) < SectorSize || sector[510] != 0x55 || sector[511] != 0xAA {
		return "", false
	}
	for _, off := range []struct{ sig, label, typ int }{{66, 71, 82}, {38, 43, 54}} {
		if !bytes.HasPrefix(sector[off.typ:off.typ+8], []byte("FAT")) {
			continue
		}
		if sector[off.sig] != 0x29 {
			return "", true
		}
		l := strings.TrimRight(string(sector[off.label:off.label+11]), " \x00")
		if l == "NO NAME" {
			l = ""
		}
		return l, true
	}
	return "", false
}

// MBRPartUUIDs returns the PARTUUIDs the kernel gives the primary
// partitions of an MBR disk, by partition number: the disk signature (4
// bytes, little-endian, at 440) in hex, a dash, the number in two hex
// digits (block/partitions/msdos.c). Nil when sector is no MBR, or is a
// GPT's protective MBR (type 0xEE).
func MBRPartUUIDs(sector []byte) map[int]string {
	if len(sector) < SectorSize || sector[510] != 0x55 || sector[511] != 0xAA {
		return nil
	}
	sig := binary.LittleEndian.Uint32(sector[440:])
	out := map[int]string{}
	for i := 0; i < 4; i++ {
		entry := sector[446+16*i : 446+16*(i+1)]
		switch entry[4] {
		case 0:
			continue
		case 0xEE:
			return nil
		}
		out[i+1] = fmt.Sprintf("%08x-%02x", sig, i+1)
	}
	return out
}

// GPTPartUUIDs returns the unique partition GUIDs of a GPT disk by
// partition number, from its header (LBA 1) and its entries (UEFI 2.10,
// 5.3): header signature "EFI PART", entries' LBA at 72, their count at
// 80 and size at 84; each entry's unique GUID at 16, mixed-endian as GUIDs
// are written. readAt reads the disk. Nil when there is no GPT.
func GPTPartUUIDs(readAt func(p []byte, off int64) (int, error)) map[int]string {
	hdr := make([]byte, SectorSize)
	if n, _ := readAt(hdr, SectorSize); n < 92 || string(hdr[:8]) != "EFI PART" {
		return nil
	}
	lba := int64(binary.LittleEndian.Uint64(hdr[72:]))
	count := int(binary.LittleEndian.Uint32(hdr[80:]))
	size := int(binary.LittleEndian.Uint32(hdr[84:]))
	if size < 128 || count > 1024 || lba < 2 || lba > 1<<32 {
		return nil
	}
	table := make([]byte, count*size)
	n, _ := readAt(table, lba*SectorSize)
	out := map[int]string{}
	for i := 0; (i+1)*size <= n; i++ {
		e := table[i*size : (i+1)*size]
		if isZero(e[:16]) { // unused entry: no type GUID
			continue
		}
		out[i+1] = guid(e[16:32])
	}
	return out
}

// guid formats a GUID as written on disk: the first three fields
// little-endian, the rest as bytes.
func guid(b []byte) string {
	return fmt.Sprintf("%08x-%04x-%04x-%x-%x", binary.LittleEndian.Uint32(b[0:]),
		binary.LittleEndian.Uint16(b[4:]), binary.LittleEndian.Uint16(b[6:]), b[8:10], b[10:16])
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
