package debtest

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"strings"
)

// Module returns a small 64-bit little-endian relocatable ELF file whose
// only section, besides the name table, is .modinfo holding entries
// ("name=rtl8192cu", "depends=rtlwifi", "firmware=rtlwifi/x.bin"), laid out
// as a kernel module's, for a test package's modules tree.
func Module(entries ...string) []byte {
	modinfo := []byte(strings.Join(entries, "\x00") + "\x00")
	shstrtab := []byte("\x00.modinfo\x00.shstrtab\x00")
	const ehsize, shentsize = 64, 64
	strOff := ehsize + len(modinfo)
	shoff := (strOff + len(shstrtab) + 7) &^ 7
	var b bytes.Buffer
	var ident [elf.EI_NIDENT]byte
	copy(ident[:], elf.ELFMAG)
	ident[elf.EI_CLASS], ident[elf.EI_DATA], ident[elf.EI_VERSION] = byte(elf.ELFCLASS64), byte(elf.ELFDATA2LSB), byte(elf.EV_CURRENT)
	binary.Write(&b, binary.LittleEndian, elf.Header64{
		Ident: ident, Type: uint16(elf.ET_REL), Machine: uint16(elf.EM_X86_64), Version: uint32(elf.EV_CURRENT),
		Shoff: uint64(shoff), Ehsize: ehsize, Shentsize: shentsize, Shnum: 3, Shstrndx: 2,
	})
	b.Write(modinfo)
	b.Write(shstrtab)
	b.Write(make([]byte, shoff-b.Len()))
	for _, s := range []elf.Section64{
		{},
		{Name: 1, Type: uint32(elf.SHT_PROGBITS), Off: ehsize, Size: uint64(len(modinfo)), Addralign: 1},
		{Name: 10, Type: uint32(elf.SHT_STRTAB), Off: uint64(strOff), Size: uint64(len(shstrtab)), Addralign: 1},
	} {
		binary.Write(&b, binary.LittleEndian, s)
	}
	return b.Bytes()
}
