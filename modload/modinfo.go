package modload

import (
	"errors"
	"io"
	"strings"
	"unicode"
)

// Modinfo is what a module says about itself in its .modinfo ELF section
// (what modinfo(8) prints).
type Modinfo struct {
	Name        string   // the module's name, normalised; empty in very old modules
	Depends     []string // names of the modules it needs directly, normalised
	Aliases     []string // modalias globs (pci:v000010ECd00008176sv*...) and other names
	Firmware    []string // firmware files it may request, relative to /lib/firmware
	Softdep     Softdep  // modules to load before or after it
	Vermagic    string   // kernel release and build options it was built for
	License     string
	Description string
	Params      []Param // module parameters, in the order first mentioned
}

// Softdep lists the modules modprobe loads before (Pre) and after (Post) a
// module, from MODULE_SOFTDEP("pre: a b post: c"). The names may be aliases.
type Softdep struct {
	Pre, Post []string
}

// Param describes one module parameter (parm= and parmtype= entries).
type Param struct {
	Name        string
	Type        string // int, bool, charp, array of int...
	Description string
}

// ErrNoModinfo is wrapped by the error for an ELF file with no .modinfo
// section, met while indexing a tree: it is not a kernel module.
var ErrNoModinfo = errors.New("no .modinfo section")

// readModinfo reads only the ELF headers and the .modinfo section from r: a
// kernel module of any class and byte order (32-bit ARM, arm64, x86-64...).
func readModinfo(r io.ReaderAt) (Modinfo, error) {
	data, err := elfSection(r, ".modinfo")
	if errors.Is(err, errNoSection) {
		return Modinfo{}, ErrNoModinfo
	}
	if err != nil {
		return Modinfo{}, err
	}
	return ParseModinfoSection(data), nil
}

// ParseModinfoSection parses the content of a .modinfo section:
// NUL-separated key=value strings. Unknown keys and strings without '=' are
// ignored; repeated keys (alias, firmware, depends, softdep) accumulate.
func ParseModinfoSection(data []byte) Modinfo {
	var mi Modinfo
	params := newParamSet()
	for _, entry := range strings.Split(string(data), "\x00") {
		key, value, ok := strings.Cut(entry, "=")
		if !ok {
			continue
		}
		mi.add(key, value, params)
	}
	mi.Params = params.list
	return mi
}

func (mi *Modinfo) add(key, value string, params *paramSet) {
	switch key {
	case "name":
		mi.Name = Normalize(value)
	case "depends":
		mi.Depends = append(mi.Depends, splitDepends(value)...)
	case "alias":
		mi.Aliases = append(mi.Aliases, value)
	case "firmware":
		mi.Firmware = append(mi.Firmware, value)
	case "softdep":
		mi.Softdep.add(value)
	case "vermagic":
		mi.Vermagic = value
	case "license":
		mi.License = value
	case "description":
		mi.Description = value
	case "parm":
		name, desc, _ := strings.Cut(value, ":")
		params.get(name).Description = desc
	case "parmtype":
		name, typ, _ := strings.Cut(value, ":")
		params.get(name).Type = typ
	}
}

// splitDepends splits the comma-separated depends= value into normalised
// names; white space separates names too.
func splitDepends(value string) []string {
	names := strings.FieldsFunc(value, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
	for i, name := range names {
		names[i] = Normalize(name)
	}
	return names
}

// add parses "pre: a b post: c" as modprobe does: names after "pre:" go to
// Pre, after "post:" to Post; names before either marker are ignored.
func (s *Softdep) add(value string) {
	var list *[]string
	for _, word := range strings.Fields(value) {
		switch word {
		case "pre:":
			list = &s.Pre
		case "post:":
			list = &s.Post
		default:
			if list != nil {
				*list = append(*list, word)
			}
		}
	}
}

// paramSet collects parm= and parmtype= entries per parameter, in order.
type paramSet struct {
	list  []Param
	index map[string]int
}

func newParamSet() *paramSet {
	return &paramSet{index: make(map[string]int)}
}

func (ps *paramSet) get(name string) *Param {
	i, ok := ps.index[name]
	if !ok {
		i = len(ps.list)
		ps.index[name] = i
		ps.list = append(ps.list, Param{Name: name})
	}
	return &ps.list[i]
}
