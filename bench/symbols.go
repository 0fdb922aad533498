package bench

import (
	"cmp"
	"context"
	"debug/elf"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// PackageSize is what one Go package's symbols weigh in a binary's file.
type PackageSize struct {
	Package string `json:"package"`
	Bytes   int64  `json:"bytes"`
}

// PackageSizes splits airroot's /init, built for one platform with its symbol
// table, by the Go package each symbol belongs to: where the binary's bytes go.
type PackageSizes struct {
	Platform Platform `json:"platform"`
	// Packages are every package's code and data, largest first.
	Packages []PackageSize `json:"packages"`
	// Attributed sums Packages.
	Attributed int64 `json:"attributed_bytes"`
	// Unattributed is the rest of the file's loaded sections: the runtime's tables
	// (.gopclntab's function names, line tables and stack maps, one entry per
	// function, so it shrinks with the code), type and string data without a sized
	// symbol, and padding.
	Unattributed int64 `json:"unattributed_bytes"`
}

// symbolPrefixes are the linker's prefixes before a symbol's package path: type
// descriptors and their equality and hash functions, interface tables.
var symbolPrefixes = []string{"type:.eq.", "type:.hash.", "type:.namedata.", "type:", "go:itab.", "go:"}

// SymbolPackage returns the Go package a linker symbol belongs to:
// "github.com/vishvananda/netlink" for "github.com/vishvananda/netlink.(*Handle).Route",
// "slices" for "slices.SortFunc[go.shape.string]", "os" for "type:*os.File".
// Linker-made symbols keep their own name ("func" for "go:func.*").
func SymbolPackage(name string) string {
	for _, p := range symbolPrefixes {
		if rest, ok := strings.CutPrefix(name, p); ok {
			name = rest
			break
		}
	}
	name = strings.TrimLeft(name, "*")
	// Type arguments and an itab's interface name other packages.
	if i := strings.IndexAny(name, "[,"); i >= 0 {
		name = name[:i]
	}
	slash := strings.LastIndexByte(name, '/') + 1
	if dot := strings.IndexByte(name[slash:], '.'); dot > 0 {
		return name[:slash+dot]
	}
	return name
}

// MeasurePackages reads the symbol table of the ELF binary at path and sums its
// symbols' sizes by package, over the sections the file carries and the program
// loads (code, read-only data, initialised data; not .bss, which takes no bytes
// in the file).
func MeasurePackages(path string, p Platform) (PackageSizes, error) {
	ps := PackageSizes{Platform: p}
	f, err := elf.Open(path)
	if err != nil {
		return ps, fmt.Errorf("measure /init's packages: %w", err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		return ps, fmt.Errorf("measure /init's packages: %s: %w (built with -ldflags -s?)", path, err)
	}
	loaded := map[elf.SectionIndex]bool{}
	var sectionBytes int64
	for i, s := range f.Sections {
		if s.Type == elf.SHT_PROGBITS && s.Flags&elf.SHF_ALLOC != 0 {
			loaded[elf.SectionIndex(i)] = true
			sectionBytes += int64(s.Size)
		}
	}
	byPackage := map[string]int64{}
	for _, s := range syms {
		if loaded[s.Section] && s.Size > 0 {
			byPackage[SymbolPackage(s.Name)] += int64(s.Size)
			ps.Attributed += int64(s.Size)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(byPackage)) {
		ps.Packages = append(ps.Packages, PackageSize{Package: name, Bytes: byPackage[name]})
	}
	slices.SortStableFunc(ps.Packages, func(a, b PackageSize) int { return cmp.Compare(b.Bytes, a.Bytes) })
	ps.Unattributed = sectionBytes - ps.Attributed
	return ps, nil
}

// PackagePlatform is the platform whose /init the report splits by package: the
// Pi 1's.
var PackagePlatform = Platform{GOARCH: "arm", GOARM: "6"}

// MeasureInitPackages builds /init for PackagePlatform into dir as the Makefile
// does but keeping the symbol table (no -ldflags "-s -w": -s drops the table,
// and neither changes the code), and splits it by package.
func MeasureInitPackages(ctx context.Context, repoRoot, dir string) (PackageSizes, error) {
	out := filepath.Join(dir, "init-"+PackagePlatform.GOARCH+"-symbols")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", out, "./cmd/init")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+PackagePlatform.GOARCH, "GOARM="+PackagePlatform.GOARM, "CGO_ENABLED=0")
	if printed, err := cmd.CombinedOutput(); err != nil {
		return PackageSizes{}, fmt.Errorf("build /init with its symbols: %w: %s", err, strings.TrimSpace(string(printed)))
	}
	return MeasurePackages(out, PackagePlatform)
}

// packageRows is how many packages the Markdown table lists; the rest share a row.
const packageRows = 30

func writePackageSizes(w *strings.Builder, ps *PackageSizes) {
	if ps == nil {
		return
	}
	total := ps.Attributed + ps.Unattributed
	fmt.Fprintf(w, "### What /init holds, by Go package: %s\n\n", ps.Platform)
	w.WriteString("The symbol table's sizes summed by package, over the loaded sections of a build with its symbols " +
		"(the same code as the stripped /init). Regenerate with `make size` (sizes only, written to out/bench/sizes.md).\n\n")
	w.WriteString("| package | KiB | share |\n|---|---|---|\n")
	row := func(name string, n int64) {
		fmt.Fprintf(w, "| %s | %.1f | %.1f%% |\n", name, float64(n)/1024, 100*float64(n)/float64(max(total, 1)))
	}
	var rest int64
	for i, p := range ps.Packages {
		if i < packageRows {
			row("`"+p.Package+"`", p.Bytes)
		} else {
			rest += p.Bytes
		}
	}
	if n := len(ps.Packages) - packageRows; n > 0 {
		row(fmt.Sprintf("%d other packages", n), rest)
	}
	row("runtime tables, unsized type and string data", ps.Unattributed)
	fmt.Fprintf(w, "\n`func` is the functions' data in .gopclntab (stack maps, inlining tables), in proportion to the code; "+
		"the loaded sections total %s.\n\n", kib(total))
}
