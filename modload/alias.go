package modload

import (
	"fmt"
	"io"
	"strings"
)

// Alias is one line of modules.alias: a pattern, as the module spells it,
// and the module it names.
type Alias struct {
	Pattern string // usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in*, crypto-ccm...
	Module  string // normalised module name
}

// Aliases is the content of a modules.alias file, in file order.
type Aliases []Alias

// ParseAlias parses modules.alias, lines of "alias PATTERN MODULE". Blank
// lines and '#' comments are skipped; any other line is an error naming its
// number.
func ParseAlias(r io.Reader) (Aliases, error) {
	var aliases Aliases
	err := eachLine(r, func(n int, line string) error {
		fields := strings.Fields(line)
		if len(fields) != 3 || fields[0] != "alias" {
			return fmt.Errorf("parse modules.alias line %d: want \"alias PATTERN MODULE\", got %q", n, line)
		}
		aliases = append(aliases, Alias{Pattern: fields[1], Module: Normalize(fields[2])})
		return nil
	})
	return aliases, err
}

// Lookup returns the modules with an alias matching name (a modalias such as
// "usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00", or a name such as
// "crypto-ccm"), each once, in file order. See [MatchAlias].
func (a Aliases) Lookup(name string) []string {
	name = NormalizeAlias(name)
	var modules []string
	seen := make(map[string]bool)
	for _, alias := range a {
		if !seen[alias.Module] && fnmatch(NormalizeAlias(alias.Pattern), name) {
			seen[alias.Module] = true
			modules = append(modules, alias.Module)
		}
	}
	return modules
}

// WriteTo writes a in the modules.alias format ParseAlias reads.
func (a Aliases) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	for _, alias := range a {
		fmt.Fprintf(&b, "alias %s %s\n", alias.Pattern, alias.Module)
	}
	n, err := io.WriteString(w, b.String())
	if err != nil {
		return int64(n), fmt.Errorf("write modules.alias: %w", err)
	}
	return int64(n), nil
}

// Of returns the lines of a that name one of the modules (either spelling),
// in order: modules.alias for a subset of a tree.
func (a Aliases) Of(modules ...string) Aliases {
	want := nameSet(modules)
	var out Aliases
	for _, alias := range a {
		if want[alias.Module] {
			out = append(out, alias)
		}
	}
	return out
}

func nameSet(names []string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, name := range names {
		set[Normalize(name)] = true
	}
	return set
}
