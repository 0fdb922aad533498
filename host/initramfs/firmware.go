package initramfs

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/airroot/airroot/modload"
)

// firmwareBase is where the kernel looks for firmware files.
const firmwareBase = "lib/firmware"

// compressedFirmware maps the endings the kernel also tries (after the bare
// name) to the option that lets it decompress them.
var compressedFirmware = []struct{ ext, option string }{
	{".zst", "CONFIG_FW_LOADER_COMPRESS_ZSTD"},
	{".xz", "CONFIG_FW_LOADER_COMPRESS_XZ"},
}

// maxFirmwareLinks bounds the chain of symbolic links followed for one file.
const maxFirmwareLinks = 8

// addFirmware adds the firmware files each module of mods names. Missing
// firmware is a warning per module, except for the modules there only for
// autoload (autoloadOnly), which get one warning for all: a folder of
// drivers names far more firmware than any one board needs.
func (b *builder) addFirmware(ix *modload.Index, mods []modload.Module, autoloadOnly map[string]bool) error {
	set := &firmwareSet{fsys: b.spec.Firmware, filter: b.spec.FirmwareFilter, files: map[string]*firmwareFile{}}
	var autoloadMissing []string
	for _, m := range mods {
		if m.Builtin {
			continue
		}
		names := b.moduleFirmware(ix, m)
		if len(names) == 0 {
			continue
		}
		if set.fsys == nil {
			if autoloadOnly[m.Name] {
				autoloadMissing = append(autoloadMissing, m.Name)
				continue
			}
			b.warnf("module %s names firmware (%s) but no --firmware-dir was given: none goes in", m.Name, strings.Join(names, ", "))
			continue
		}
		var missing []string
		found := 0
		for _, name := range names {
			switch b.addNamedFirmware(set, m.Name, name) {
			case firmwareFound:
				found++
			case firmwareMissing:
				missing = append(missing, name)
			}
		}
		if autoloadOnly[m.Name] && len(missing) > 0 {
			autoloadMissing = append(autoloadMissing, m.Name)
			continue
		}
		b.warnMissing(m.Name, found, missing)
	}
	if len(autoloadMissing) > 0 {
		b.warnf("%d modules included for autoload lack some of the firmware they name (%s): "+
			"see airroot modules --firmware-dir DIR NAME for one, and add what your board needs", len(autoloadMissing), abbreviate(autoloadMissing, 8))
	}
	b.checkFilterUsed(set)
	set.addTo(b)
	return nil
}

// moduleFirmware returns the firmware names of m: known from the index when
// it read .modinfo sections, else read from the module now.
func (b *builder) moduleFirmware(ix *modload.Index, m modload.Module) []string {
	if len(m.Firmware) > 0 {
		return m.Firmware
	}
	mi, err := ix.Modinfo(m.Name)
	if err != nil {
		b.warnf("module %s: cannot tell which firmware it needs: %v", m.Name, err)
		return nil
	}
	return mi.Firmware
}

// firmwareOutcome is what became of one firmware name.
type firmwareOutcome int

const (
	firmwareSkipped firmwareOutcome = iota // left out by --firmware, or a glob matching nothing
	firmwareFound
	firmwareMissing
)

func (b *builder) addNamedFirmware(set *firmwareSet, module, name string) firmwareOutcome {
	paths, err := MatchFirmware(set.fsys, name)
	if err != nil {
		b.warnf("firmware %s named by module %s: %v", name, module, err)
		return firmwareSkipped
	}
	if len(paths) == 0 {
		if !isGlob(name) && set.allowed(name) {
			return firmwareMissing
		}
		return firmwareSkipped
	}
	outcome := firmwareSkipped
	for _, p := range paths {
		if !set.allowed(p) {
			continue
		}
		if err := set.add(p, module, "", 0); err != nil {
			b.warnf("firmware %s named by module %s: %v", p, module, err)
			continue
		}
		outcome = firmwareFound
		b.checkCompressed(p)
	}
	return outcome
}

// warnMissing names the firmware files of module the tree lacks. A module
// that found some of its files usually names others for chips the board
// does not have.
func (b *builder) warnMissing(module string, found int, missing []string) {
	if len(missing) == 0 {
		return
	}
	list := strings.Join(missing, ", ")
	if found > 0 {
		b.warnf("module %s: %d of the %d firmware files it names are not in %s (it needs only its chip's): %s",
			module, len(missing), found+len(missing), b.spec.FirmwareWhere, list)
		return
	}
	b.warnf("module %s: none of the firmware files it names is in %s: %s", module, b.spec.FirmwareWhere, list)
}

// checkCompressed warns when the kernel cannot decompress a firmware file.
func (b *builder) checkCompressed(p string) {
	for _, c := range compressedFirmware {
		if strings.HasSuffix(p, c.ext) && b.spec.KernelConfig != nil && !b.spec.KernelConfig.BuiltIn(c.option) {
			b.warnf("firmware %s is compressed but the kernel lacks %s=y: it cannot load it", p, c.option)
		}
	}
}

func (b *builder) checkFilterUsed(set *firmwareSet) {
	for _, pattern := range set.filter {
		if !set.used[pattern] {
			b.warnf("--firmware %s matched no firmware file the modules name", pattern)
		}
	}
}

// MatchFirmware returns the files of fsys (a linux-firmware tree) a
// module's firmware name stands for: the name itself or, when there is none, the name with .zst or .xz
// appended, as the kernel tries them. A name with glob characters (the
// brcm/brcmfmac*-sdio.*.bin of MODULE_FIRMWARE) is matched against the tree.
func MatchFirmware(fsys fs.FS, name string) ([]string, error) {
	name = strings.TrimPrefix(path.Clean("/"+name), "/")
	for _, ext := range []string{"", compressedFirmware[0].ext, compressedFirmware[1].ext} {
		var found []string
		if isGlob(name) {
			matches, err := fs.Glob(fsys, name+ext)
			if err != nil {
				return nil, fmt.Errorf("bad pattern: %w", err)
			}
			found = matches
		} else if _, err := fs.Lstat(fsys, name+ext); err == nil {
			found = []string{name + ext}
		}
		if len(found) > 0 {
			return found, nil
		}
	}
	return nil, nil
}

func isGlob(name string) bool { return strings.ContainsAny(name, `*?[\`) }

// firmwareSet collects the firmware files to add, each once.
type firmwareSet struct {
	fsys   fs.FS
	filter []string
	used   map[string]bool // filter patterns that let a file in
	files  map[string]*firmwareFile
}

// firmwareFile is one firmware file or symbolic link of the archive.
type firmwareFile struct {
	link    string // a symbolic link's target
	data    []byte
	namedBy []string // the modules naming it
	linkOf  string   // the link that led here, when a module named the link
}

// allowed reports whether the --firmware filter lets p in. A pattern
// without '/' is matched against the base name.
func (s *firmwareSet) allowed(p string) bool {
	if len(s.filter) == 0 {
		return true
	}
	for _, pattern := range s.filter {
		subject := p
		if !strings.Contains(pattern, "/") {
			subject = path.Base(p)
		}
		if ok, _ := path.Match(pattern, subject); ok {
			if s.used == nil {
				s.used = map[string]bool{}
			}
			s.used[pattern] = true
			return true
		}
	}
	return false
}

// add puts the file at p in the set, and what a symbolic link at p points
// to. A link that leaves the tree is replaced by the file it reaches.
func (s *firmwareSet) add(p, module, linkOf string, depth int) error {
	if f, ok := s.files[p]; ok {
		f.note(module, linkOf)
		return nil
	}
	if depth > maxFirmwareLinks {
		return fmt.Errorf("more than %d symbolic links", maxFirmwareLinks)
	}
	info, err := fs.Lstat(s.fsys, p)
	if err != nil {
		return err
	}
	f := &firmwareFile{}
	f.note(module, linkOf)
	if info.Mode()&fs.ModeSymlink != 0 {
		if target, inside := s.linkTarget(p); inside {
			f.link, _ = fs.ReadLink(s.fsys, p)
			s.files[p] = f
			return s.add(target, "", p, depth+1)
		}
	}
	if f.data, err = fs.ReadFile(s.fsys, p); err != nil {
		return err
	}
	s.files[p] = f
	return nil
}

// linkTarget returns where the symbolic link at p points, relative to the
// tree, and whether that stays inside it.
func (s *firmwareSet) linkTarget(p string) (string, bool) {
	target, err := fs.ReadLink(s.fsys, p)
	if err != nil || path.IsAbs(target) {
		return "", false
	}
	joined := path.Join(path.Dir(p), target)
	if joined == ".." || strings.HasPrefix(joined, "../") || joined == "." {
		return "", false
	}
	return joined, true
}

func (f *firmwareFile) note(module, linkOf string) {
	if module != "" && !contains(f.namedBy, module) {
		f.namedBy = append(f.namedBy, module)
	}
	if linkOf != "" && f.linkOf == "" {
		f.linkOf = linkOf
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// addTo puts the set's files in the archive under lib/firmware.
func (s *firmwareSet) addTo(b *builder) {
	paths := make([]string, 0, len(s.files))
	for p := range s.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f := s.files[p]
		name := path.Join(firmwareBase, p)
		if f.link != "" {
			b.a.Symlink(name, f.link, "firmware link, "+f.why())
			continue
		}
		b.a.File(name, f.data, 0o644, "firmware, "+f.why())
	}
}

func (f *firmwareFile) why() string {
	var parts []string
	if len(f.namedBy) > 0 {
		parts = append(parts, "named by "+strings.Join(f.namedBy, ", "))
	}
	if f.linkOf != "" {
		parts = append(parts, "target of "+f.linkOf)
	}
	return strings.Join(parts, ", ")
}

// abbreviate joins the first n names and says how many more there are.
func abbreviate(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}
