package modload

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// Dep is one line of modules.dep: a module's path relative to the modules
// directory and the paths of every module it needs, in depmod's order
// (a module's users before the module, so modprobe loads them right to left).
type Dep struct {
	Path    string
	Depends []string
}

// Deps is the content of a modules.dep file, in file order.
type Deps []Dep

// ParseDep parses modules.dep, the text format depmod writes:
//
//	kernel/net/mac80211/mac80211.ko: kernel/lib/crypto/libarc4.ko kernel/net/wireless/cfg80211.ko
//
// Blank lines and lines starting with '#' are skipped. A line without a colon,
// with an empty module path, or naming a module a second time is an error
// naming the line number.
func ParseDep(r io.Reader) (Deps, error) {
	var deps Deps
	seen := make(map[string]int)
	err := eachLine(r, func(n int, line string) error {
		dep, err := parseDepLine(line)
		if err != nil {
			return fmt.Errorf("parse modules.dep line %d: %w", n, err)
		}
		if first, ok := seen[dep.Path]; ok {
			return fmt.Errorf("parse modules.dep line %d: %s already listed on line %d", n, dep.Path, first)
		}
		seen[dep.Path] = n
		deps = append(deps, dep)
		return nil
	})
	return deps, err
}

func parseDepLine(line string) (Dep, error) {
	modPath, rest, ok := strings.Cut(line, ":")
	if !ok {
		return Dep{}, fmt.Errorf("no colon in %q", line)
	}
	modPath = strings.TrimSpace(modPath)
	if modPath == "" || strings.IndexFunc(modPath, unicode.IsSpace) >= 0 {
		return Dep{}, fmt.Errorf("bad module path in %q", line)
	}
	dep := Dep{Path: modPath}
	if fields := strings.Fields(rest); len(fields) > 0 {
		dep.Depends = fields
	}
	return dep, nil
}

// WriteTo writes d in the modules.dep format ParseDep reads.
func (d Deps) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	for _, dep := range d {
		b.WriteString(dep.Path)
		b.WriteByte(':')
		for _, p := range dep.Depends {
			b.WriteByte(' ')
			b.WriteString(p)
		}
		b.WriteByte('\n')
	}
	n, err := io.WriteString(w, b.String())
	if err != nil {
		return int64(n), fmt.Errorf("write modules.dep: %w", err)
	}
	return int64(n), nil
}

// eachLine calls fn with the 1-based number and the text of every line of r
// that is neither blank nor a '#' comment, without its line ending and
// surrounding white space. Lines may be of any length.
func eachLine(r io.Reader, fn func(n int, line string) error) error {
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read line %d: %w", n, err)
		}
		if text := strings.TrimSpace(line); text != "" && text[0] != '#' {
			if ferr := fn(n, text); ferr != nil {
				return ferr
			}
		}
		if err != nil {
			return nil
		}
	}
}
