package artifact

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
)

// fakeELF returns a small 32-bit little-endian ELF file with an optional PT_INTERP and a
// dynamic section listing needed, enough for debug/elf to read both.
func fakeELF(machine elf.Machine, interp string, needed ...string) []byte {
	const ehsize, phsize, shsize = 52, 32, 40
	phnum := 0
	if interp != "" {
		phnum = 1
	}
	dynstr := []byte{0}
	var dyn bytes.Buffer
	for _, n := range needed {
		binary.Write(&dyn, binary.LittleEndian, elf.Dyn32{Tag: int32(elf.DT_NEEDED), Val: uint32(len(dynstr))})
		dynstr = append(append(dynstr, n...), 0)
	}
	binary.Write(&dyn, binary.LittleEndian, elf.Dyn32{Tag: int32(elf.DT_NULL)})
	shstr := []byte("\x00.dynstr\x00.dynamic\x00.shstrtab\x00")
	interpBytes := append([]byte(interp), 0)

	interpOff := uint32(ehsize + phsize*phnum)
	dynstrOff := interpOff + uint32(len(interpBytes))
	dynOff := dynstrOff + uint32(len(dynstr))
	shstrOff := dynOff + uint32(dyn.Len())
	shOff := shstrOff + uint32(len(shstr))

	var b bytes.Buffer
	h := elf.Header32{
		Type: uint16(elf.ET_DYN), Machine: uint16(machine), Version: uint32(elf.EV_CURRENT),
		Phoff: ehsize, Shoff: shOff, Ehsize: ehsize, Phentsize: phsize, Phnum: uint16(phnum),
		Shentsize: shsize, Shnum: 4, Shstrndx: 3,
	}
	copy(h.Ident[:], elf.ELFMAG)
	h.Ident[elf.EI_CLASS], h.Ident[elf.EI_DATA], h.Ident[elf.EI_VERSION] = byte(elf.ELFCLASS32), byte(elf.ELFDATA2LSB), byte(elf.EV_CURRENT)
	binary.Write(&b, binary.LittleEndian, h)
	if phnum == 1 {
		binary.Write(&b, binary.LittleEndian, elf.Prog32{Type: uint32(elf.PT_INTERP), Off: interpOff,
			Filesz: uint32(len(interpBytes)), Memsz: uint32(len(interpBytes)), Align: 1})
	}
	b.Write(interpBytes)
	b.Write(dynstr)
	b.Write(dyn.Bytes())
	b.Write(shstr)
	for _, s := range []elf.Section32{
		{},
		{Name: 1, Type: uint32(elf.SHT_STRTAB), Off: dynstrOff, Size: uint32(len(dynstr)), Addralign: 1},
		{Name: 9, Type: uint32(elf.SHT_DYNAMIC), Off: dynOff, Size: uint32(dyn.Len()), Link: 1, Addralign: 4, Entsize: 8},
		{Name: 18, Type: uint32(elf.SHT_STRTAB), Off: shstrOff, Size: uint32(len(shstr)), Addralign: 1},
	} {
		binary.Write(&b, binary.LittleEndian, s)
	}
	return b.Bytes()
}
