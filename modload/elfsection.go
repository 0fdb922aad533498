package modload

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// This file reads one section of an ELF file by name: all that reading a
// module's .modinfo needs. debug/elf would do it, but brings DWARF and zstd
// with it, about 85 KiB of /init's code for a few header fields.

// ELF constants (System V gABI, "ELF Header" and "Sections").
const (
	elfClass32, elfClass64   = 1, 2 // e_ident[EI_CLASS]
	elfData2LSB, elfData2MSB = 1, 2 // e_ident[EI_DATA]
	elfVersionCurrent        = 1    // e_ident[EI_VERSION] and e_version
	shtNull, shtStrtab       = 0, 3 // sh_type
	shfCompressed            = 0x800
	shnLoReserve, shnXIndex  = 0xff00, 0xffff
)

// elfLayout is where an ELF class keeps the header fields and section header
// fields read here (byte offsets), and how wide its addresses are.
type elfLayout struct {
	version, shoff, shentsize, shnum, shstrndx int // in the ELF header
	headerSize, shentsizeMin                   int
	name, typ, flags, offset, size, link       int // in a section header
	wide                                       bool
}

var (
	elf32 = elfLayout{version: 20, shoff: 32, shentsize: 46, shnum: 48, shstrndx: 50, headerSize: 52, shentsizeMin: 40,
		name: 0, typ: 4, flags: 8, offset: 16, size: 20, link: 24}
	elf64 = elfLayout{version: 20, shoff: 40, shentsize: 58, shnum: 60, shstrndx: 62, headerSize: 64, shentsizeMin: 64,
		name: 0, typ: 4, flags: 8, offset: 24, size: 32, link: 40, wide: true}
)

// elfSectionHeader is a section header's fields read here.
type elfSectionHeader struct {
	name, typ, link     uint32
	flags, offset, size uint64
}

// elfFile is an ELF file's section headers, read from r.
type elfFile struct {
	r        io.ReaderAt
	order    binary.ByteOrder
	layout   elfLayout
	sections []elfSectionHeader
	names    []byte // the section name string table
}

// errNotELF is wrapped by the error for a file whose header is not ELF's.
var errNotELF = errors.New("not an ELF file")

// elfSection returns the content of the first section called name in the ELF
// file r (32- or 64-bit, either byte order), or an error wrapping errNoSection
// when there is none. It accepts what debug/elf accepts in the ELF header and
// section headers (every section name must resolve), and ignores the program
// headers.
func elfSection(r io.ReaderAt, name string) ([]byte, error) {
	f, err := readELF(r)
	if err != nil {
		return nil, err
	}
	found := -1
	for i, s := range f.sections {
		n, ok := cString(f.names, s.name)
		if !ok {
			return nil, fmt.Errorf("ELF section %d: bad name index %d", i, s.name)
		}
		if n == name && f.names != nil && found < 0 {
			found = i
		}
	}
	if found < 0 {
		return nil, fmt.Errorf("section %s: %w", name, errNoSection)
	}
	return f.data(f.sections[found])
}

// errNoSection says the file has no section of the name asked for.
var errNoSection = errors.New("no such section")

func readELF(r io.ReaderAt) (*elfFile, error) {
	var ident [16]byte
	if _, err := r.ReadAt(ident[:], 0); err != nil || !bytes.Equal(ident[:4], []byte("\x7fELF")) {
		return nil, errNotELF
	}
	f := &elfFile{r: r}
	switch ident[4] {
	case elfClass32:
		f.layout = elf32
	case elfClass64:
		f.layout = elf64
	default:
		return nil, fmt.Errorf("unknown ELF class %d", ident[4])
	}
	switch ident[5] {
	case elfData2LSB:
		f.order = binary.LittleEndian
	case elfData2MSB:
		f.order = binary.BigEndian
	default:
		return nil, fmt.Errorf("unknown ELF data encoding %d", ident[5])
	}
	if ident[6] != elfVersionCurrent {
		return nil, fmt.Errorf("unknown ELF version %d", ident[6])
	}
	hdr := make([]byte, f.layout.headerSize)
	if _, err := r.ReadAt(hdr, 0); err != nil {
		return nil, fmt.Errorf("read ELF header: %w", err)
	}
	return f, f.readSections(hdr)
}

// readSections reads the section headers and the section name table that the
// ELF header hdr points to, checking what debug/elf checks.
func (f *elfFile) readSections(hdr []byte) error {
	l, o := f.layout, f.order
	// debug/elf compares only e_version's low byte, as a byte-sized Version.
	if v := o.Uint32(hdr[l.version:]); byte(v) != elfVersionCurrent {
		return fmt.Errorf("mismatched ELF version %d", v)
	}
	shoff := f.word(hdr, l.shoff)
	shentsize, shnum := uint64(o.Uint16(hdr[l.shentsize:])), uint64(o.Uint16(hdr[l.shnum:]))
	shstrndx := uint64(o.Uint16(hdr[l.shstrndx:]))
	switch {
	case int64(shoff) < 0:
		return fmt.Errorf("invalid ELF shoff %d", int64(shoff))
	case shoff == 0 && shnum != 0:
		return fmt.Errorf("invalid ELF shnum %d for shoff 0", shnum)
	case shnum > 0 && shstrndx >= shnum:
		return fmt.Errorf("invalid ELF shstrndx %d", shstrndx)
	}
	if shoff > 0 && shnum == 0 { // more than 0xff00 sections: the counts are in section 0
		var err error
		if shnum, shstrndx, err = f.extendedCounts(shoff, shstrndx); err != nil {
			return err
		}
	}
	if shnum == 0 {
		return nil
	}
	if shentsize < uint64(l.shentsizeMin) {
		return fmt.Errorf("invalid ELF shentsize %d", shentsize)
	}
	if err := f.readHeaders(shoff, shentsize, shnum); err != nil {
		return err
	}
	return f.readNames(shstrndx)
}

// extendedCounts reads the section count and name table index from the first
// section header (gABI "Extended Section Header Numbering").
func (f *elfFile) extendedCounts(shoff, shstrndx uint64) (shnum, strndx uint64, err error) {
	first := make([]byte, f.layout.shentsizeMin)
	if _, err := f.r.ReadAt(first, int64(shoff)); err != nil {
		return 0, 0, fmt.Errorf("read ELF section 0: %w", err)
	}
	s := f.section(first)
	switch {
	case s.typ != shtNull:
		return 0, 0, fmt.Errorf("invalid type %d of ELF section 0", s.typ)
	case s.size < shnLoReserve:
		return 0, 0, fmt.Errorf("invalid ELF shnum %d in section 0", s.size)
	}
	if shstrndx == shnXIndex {
		if shstrndx = uint64(s.link); shstrndx < shnLoReserve {
			return 0, 0, fmt.Errorf("invalid ELF shstrndx %d in section 0", shstrndx)
		}
	}
	return s.size, shstrndx, nil
}

func (f *elfFile) readHeaders(shoff, shentsize, shnum uint64) error {
	if shnum > MaxModuleSize/shentsize {
		return fmt.Errorf("too many ELF sections (%d)", shnum)
	}
	table, err := readAt(f.r, int64(shoff), shnum*shentsize)
	if err != nil {
		return fmt.Errorf("read ELF section headers: %w", err)
	}
	for i := uint64(0); i < shnum; i++ {
		s := f.section(table[i*shentsize:])
		if int64(s.offset) < 0 || int64(s.size) < 0 {
			return fmt.Errorf("ELF section %d: invalid offset %d or size %d", i, s.offset, s.size)
		}
		f.sections = append(f.sections, s)
	}
	return nil
}

// readNames reads the section name string table; index 0 means there is none.
func (f *elfFile) readNames(shstrndx uint64) error {
	if shstrndx == 0 {
		return nil
	}
	if shstrndx >= uint64(len(f.sections)) {
		return fmt.Errorf("invalid ELF shstrndx %d", shstrndx)
	}
	s := f.sections[shstrndx]
	if s.typ != shtStrtab {
		return fmt.Errorf("invalid type %d of the ELF section name table", s.typ)
	}
	names, err := f.data(s)
	if err != nil {
		return fmt.Errorf("read ELF section names: %w", err)
	}
	f.names = names
	return nil
}

// section decodes the section header at the start of b.
func (f *elfFile) section(b []byte) elfSectionHeader {
	l := f.layout
	return elfSectionHeader{
		name: f.order.Uint32(b[l.name:]), typ: f.order.Uint32(b[l.typ:]), link: f.order.Uint32(b[l.link:]),
		flags: f.word(b, l.flags), offset: f.word(b, l.offset), size: f.word(b, l.size),
	}
}

// word reads an address-sized field: 4 bytes in ELF32, 8 in ELF64.
func (f *elfFile) word(b []byte, off int) uint64 {
	if f.layout.wide {
		return f.order.Uint64(b[off:])
	}
	return uint64(f.order.Uint32(b[off:]))
}

// data returns a section's content; a compressed one (SHF_COMPRESSED, which no
// kernel module's .modinfo is) is refused.
func (f *elfFile) data(s elfSectionHeader) ([]byte, error) {
	if s.flags&shfCompressed != 0 {
		return nil, errors.New("compressed ELF section")
	}
	if s.size > MaxModuleSize {
		return nil, fmt.Errorf("ELF section of %d bytes: %w", s.size, ErrModuleTooBig)
	}
	return readAt(f.r, int64(s.offset), s.size)
}

// readAt reads n bytes at off, checking that the last of them exists before
// allocating them all, so that a header claiming a huge size costs nothing.
func readAt(r io.ReaderAt, off int64, n uint64) ([]byte, error) {
	if n == 0 {
		return []byte{}, nil
	}
	var last [1]byte
	if _, err := r.ReadAt(last[:], off+int64(n)-1); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	b := make([]byte, n)
	if _, err := r.ReadAt(b, off); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	return b, nil
}

// cString returns the NUL-terminated string at off in table; ok is false when
// off is outside it or no NUL ends the string. A nil table names nothing.
func cString(table []byte, off uint32) (string, bool) {
	if table == nil {
		return "", true
	}
	if uint64(off) >= uint64(len(table)) {
		return "", false
	}
	end := bytes.IndexByte(table[off:], 0)
	if end < 0 {
		return "", false
	}
	return string(table[off : off+uint32(end)]), true
}
