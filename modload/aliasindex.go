package modload

import (
	"slices"
	"strings"
)

// Modalias returns the modules whose aliases (see [Index.Aliases]) match
// modalias, a device's MODALIAS, each once, in alias order: what
// [Aliases.Lookup] returns, through an index built on the first call (a
// Debian kernel has 20,000 aliases, and a coldplug asks about hundreds of
// devices).
func (ix *Index) Modalias(modalias string) ([]string, error) {
	ix.modaliasOnce.Do(func() {
		aliases, err := ix.Aliases()
		ix.modalias, ix.modaliasErr = newAliasIndex(aliases), err
	})
	if ix.modaliasErr != nil {
		return nil, ix.modaliasErr
	}
	return ix.modalias.lookup(modalias), nil
}

// aliasIndex answers as Aliases.Lookup does, faster. Each pattern's literal
// prefix and longest literal run are computed once; a pattern is matched
// only against names that start with the one and contain the other, and
// only names of its bus (usb, of, pci: the prefix up to ':') are tried
// against it.
type aliasIndex struct {
	entries []aliasEntry
	byBus   map[string][]int // entries whose prefix names a bus, in order
	anyBus  []int            // entries whose prefix does not
}

type aliasEntry struct {
	pattern string // normalised
	module  string
	prefix  string // what every matching name starts with
	run     string // a substring of every matching name
}

// newAliasIndex indexes aliases, keeping their order.
func newAliasIndex(aliases Aliases) *aliasIndex {
	ix := &aliasIndex{entries: make([]aliasEntry, len(aliases)), byBus: make(map[string][]int)}
	for i, a := range aliases {
		p := NormalizeAlias(a.Pattern)
		prefix, run := literals(p)
		ix.entries[i] = aliasEntry{pattern: p, module: a.Module, prefix: prefix, run: run}
		if bus, _, ok := strings.Cut(prefix, ":"); ok {
			ix.byBus[bus] = append(ix.byBus[bus], i)
		} else {
			ix.anyBus = append(ix.anyBus, i)
		}
	}
	return ix
}

// lookup returns the modules with an alias matching modalias, each once,
// in alias order, as Aliases.Lookup does.
func (ix *aliasIndex) lookup(modalias string) []string {
	name := NormalizeAlias(modalias)
	var ofBus []int
	if bus, _, ok := strings.Cut(name, ":"); ok {
		ofBus = ix.byBus[bus]
	}
	var modules []string
	for a, b := 0, 0; a < len(ofBus) || b < len(ix.anyBus); {
		var i int
		if b == len(ix.anyBus) || (a < len(ofBus) && ofBus[a] < ix.anyBus[b]) {
			i, a = ofBus[a], a+1
		} else {
			i, b = ix.anyBus[b], b+1
		}
		if e := &ix.entries[i]; e.matches(name) && !slices.Contains(modules, e.module) {
			modules = append(modules, e.module)
		}
	}
	return modules
}

// matches matches the normalised name, trying the cheap tests first.
func (e *aliasEntry) matches(name string) bool {
	return strings.HasPrefix(name, e.prefix) && strings.Contains(name, e.run) && MatchAlias(e.pattern, name)
}

// literals returns the pattern's literal prefix and its longest run of
// literal bytes, looking no further than the first '[' or '\' (a bracket
// or an escape would need the whole fnmatch grammar). Each literal byte of
// an fnmatch pattern matches itself and every other token one byte or any
// string, so a matching name starts with the prefix and contains each run.
func literals(pattern string) (prefix, longest string) {
	if end := strings.IndexAny(pattern, `[\`); end >= 0 {
		pattern = pattern[:end]
	}
	runs := strings.FieldsFunc(pattern, func(r rune) bool { return r == '*' || r == '?' })
	if end := strings.IndexAny(pattern, "*?"); end >= 0 {
		prefix = pattern[:end]
	} else {
		prefix = pattern
	}
	for _, r := range runs {
		if len(r) > len(longest) {
			longest = r
		}
	}
	return prefix, longest
}
