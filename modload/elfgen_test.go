package modload

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"testing"
)

// elfKind is the ELF class, byte order and machine of a generated module.
type elfKind struct {
	class   elf.Class
	order   binary.ByteOrder
	machine elf.Machine
}

var (
	arm32   = elfKind{elf.ELFCLASS32, binary.LittleEndian, elf.EM_ARM}
	arm64   = elfKind{elf.ELFCLASS64, binary.LittleEndian, elf.EM_AARCH64}
	amd64   = elfKind{elf.ELFCLASS64, binary.LittleEndian, elf.EM_X86_64}
	mips32b = elfKind{elf.ELFCLASS32, binary.BigEndian, elf.EM_MIPS}
)

// fakeModule returns a tiny relocatable ELF file whose only content is a
// .modinfo section holding entries, each followed by a NUL, as the kernel's
// MODULE_INFO macros lay them out.
func fakeModule(t testing.TB, kind elfKind, entries ...string) []byte {
	t.Helper()
	var modinfo []byte
	for _, e := range entries {
		modinfo = append(modinfo, e...)
		modinfo = append(modinfo, 0)
	}
	return elfWithSection(t, kind, ".modinfo", modinfo)
}

// elfWithSection returns a relocatable ELF file with one PROGBITS section
// called name holding data, then the section name table.
func elfWithSection(t testing.TB, kind elfKind, name string, data []byte) []byte {
	t.Helper()
	shstrtab := []byte("\x00" + name + "\x00.shstrtab\x00")
	ehsize, shentsize := 52, 40
	if kind.class == elf.ELFCLASS64 {
		ehsize, shentsize = 64, 64
	}
	dataOff := ehsize
	strOff := dataOff + len(data)
	shoff := (strOff + len(shstrtab) + 7) &^ 7
	sections := []elf.Section64{
		{},
		{Name: 1, Type: uint32(elf.SHT_PROGBITS), Flags: uint64(elf.SHF_ALLOC), Off: uint64(dataOff), Size: uint64(len(data)), Addralign: 1},
		{Name: uint32(2 + len(name)), Type: uint32(elf.SHT_STRTAB), Off: uint64(strOff), Size: uint64(len(shstrtab)), Addralign: 1},
	}
	var buf bytes.Buffer
	writeHeader(&buf, kind, shoff, ehsize, shentsize, len(sections))
	buf.Write(data)
	buf.Write(shstrtab)
	buf.Write(make([]byte, shoff-buf.Len()))
	for _, s := range sections {
		writeSectionHeader(&buf, kind, s)
	}
	return buf.Bytes()
}

func writeHeader(buf *bytes.Buffer, kind elfKind, shoff, ehsize, shentsize, shnum int) {
	var ident [elf.EI_NIDENT]byte
	copy(ident[:], elf.ELFMAG)
	ident[elf.EI_CLASS] = byte(kind.class)
	ident[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	if kind.order == binary.BigEndian {
		ident[elf.EI_DATA] = byte(elf.ELFDATA2MSB)
	}
	ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	if kind.class == elf.ELFCLASS64 {
		binary.Write(buf, kind.order, elf.Header64{
			Ident: ident, Type: uint16(elf.ET_REL), Machine: uint16(kind.machine), Version: uint32(elf.EV_CURRENT),
			Shoff: uint64(shoff), Ehsize: uint16(ehsize), Shentsize: uint16(shentsize), Shnum: uint16(shnum), Shstrndx: uint16(shnum - 1),
		})
		return
	}
	binary.Write(buf, kind.order, elf.Header32{
		Ident: ident, Type: uint16(elf.ET_REL), Machine: uint16(kind.machine), Version: uint32(elf.EV_CURRENT),
		Shoff: uint32(shoff), Ehsize: uint16(ehsize), Shentsize: uint16(shentsize), Shnum: uint16(shnum), Shstrndx: uint16(shnum - 1),
	})
}

func writeSectionHeader(buf *bytes.Buffer, kind elfKind, s elf.Section64) {
	if kind.class == elf.ELFCLASS64 {
		binary.Write(buf, kind.order, s)
		return
	}
	binary.Write(buf, kind.order, elf.Section32{
		Name: s.Name, Type: s.Type, Flags: uint32(s.Flags), Off: uint32(s.Off), Size: uint32(s.Size), Addralign: uint32(s.Addralign),
	})
}
