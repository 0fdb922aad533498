package mdev

import (
	"strings"

	"github.com/airroot/airroot/modload"
)

// AliasIndex answers the same as modload.Aliases.Lookup, faster: a Debian
// kernel has 20,000 aliases, and a coldplug asks about hundreds of
// devices. Each pattern's literal prefix and longest literal run are
// computed once; a pattern is matched only against names that start with
// the one and contain the other, and only names of its bus (usb, of, pci:
// the prefix up to ':') are tried against it.
type AliasIndex struct {
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

// NewAliasIndex indexes aliases, keeping their order.
func NewAliasIndex(aliases modload.Aliases) *AliasIndex {
	ix := &AliasIndex{entries: make([]aliasEntry, len(aliases)), byBus: make(map[string][]int)}
	for i, a := range aliases {
		p := modload.NormalizeAlias(a.Pattern)
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

// Lookup returns the modules with an alias matching modalias, each once, in
// alias order, as modload.Aliases.Lookup does.
func (ix *AliasIndex) Lookup(modalias string) []string {
	name := modload.NormalizeAlias(modalias)
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
		if e := &ix.entries[i]; e.matches(name) && !contains(modules, e.module) {
			modules = append(modules, e.module)
		}
	}
	return modules
}

// matches matches the normalised name, trying the cheap tests first.
func (e *aliasEntry) matches(name string) bool {
	return strings.HasPrefix(name, e.prefix) && strings.Contains(name, e.run) && modload.MatchAlias(e.pattern, name)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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
