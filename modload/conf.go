package modload

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Conf is modprobe configuration as modprobe.d(5) files give it. Module
// names are normalised ('-' written '_'); alias and softdep patterns are
// normalised with [NormalizeAlias].
type Conf struct {
	// Options are the "options NAME OPTION..." lines, in order.
	Options []ModuleOptions
	// Blacklist names the modules whose aliases are ignored ("blacklist
	// NAME", modprobe.blacklist=): a module asked for by name still loads.
	Blacklist map[string]bool
	// Aliases are the "alias PATTERN NAME" lines, in order. They are looked
	// up before the module names and the modules' own aliases.
	Aliases Aliases
	// Softdeps are the "softdep PATTERN pre: A... post: B..." lines, in
	// order. For a module, the first whose pattern matches its name
	// applies, in place of the module's own softdeps.
	Softdeps Softdeps
	// Install and Remove hold the command of the first "install NAME
	// COMMAND" and "remove NAME COMMAND" line for each module. Commands
	// are not run: see [Loader] for what an install command does.
	Install, Remove map[string]string
}

// ModuleOptions is one "options NAME OPTION..." line: parameters passed to
// the module when it loads, as written ("radios=2 channels=1").
type ModuleOptions struct {
	Module  string // a module name or an alias, as the line gives it
	Options string
}

// ParseModprobeConf parses a modprobe.d(5) file. Lines are split into words
// at spaces and tabs; a line ending in '\' continues on the next, and a '\'
// before any other character is dropped (as modprobe reads them); lines
// starting with '#' are comments. It knows the commands alias, blacklist,
// options, softdep, install and remove, and accepts weakdep (modules that
// may be used, which modprobe does not load either).
//
// A line it cannot use (an unknown command, a missing argument) is skipped
// and reported: the error joins one error per such line, naming its number,
// and the returned Conf holds every other line, so a caller logs the error
// and goes on, as modprobe does. Only a read error ends parsing early.
func ParseModprobeConf(r io.Reader) (Conf, error) {
	var c Conf
	var errs []error
	err := eachConfLine(r, func(n int, words []string, rest func(int) string) {
		if err := c.addLine(words, rest); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", n, err))
		}
	})
	if err != nil {
		errs = append(errs, err)
	}
	return c, errors.Join(errs...)
}

// confArgs is how many words each command's line needs, the command included.
var confArgs = map[string]int{"alias": 3, "blacklist": 2, "options": 3, "softdep": 3, "weakdep": 3, "install": 3, "remove": 3}

// addLine adds one line, split into words; rest(i) is the text from word i
// to the end of the line, as written.
func (c *Conf) addLine(words []string, rest func(int) string) error {
	cmd := words[0]
	n, known := confArgs[cmd]
	switch {
	case cmd == "include" || cmd == "config":
		return fmt.Errorf("%s is not supported (modprobe dropped it too); line ignored", cmd)
	case !known:
		return fmt.Errorf("unknown command %q; line ignored", cmd)
	case len(words) < n:
		return fmt.Errorf("%s: missing arguments in %q; line ignored", cmd, rest(0))
	}
	name := NormalizeAlias(words[1])
	switch cmd {
	case "alias":
		c.Aliases = append(c.Aliases, Alias{Pattern: name, Module: Normalize(words[2])})
	case "blacklist":
		c.AddBlacklist(name)
	case "options":
		c.Options = append(c.Options, ModuleOptions{Module: name, Options: rest(2)})
	case "softdep":
		var sd Softdep
		sd.add(rest(2))
		c.Softdeps = append(c.Softdeps, SoftdepRule{Pattern: name, Softdep: sd})
	case "install":
		c.Install = setFirst(c.Install, name, rest(2))
	case "remove":
		c.Remove = setFirst(c.Remove, name, rest(2))
	}
	// weakdep names modules a module may use: nothing to load.
	return nil
}

func setFirst(m map[string]string, key, value string) map[string]string {
	if m == nil {
		m = make(map[string]string)
	}
	if _, ok := m[key]; !ok {
		m[key] = value
	}
	return m
}

// AddBlacklist blacklists the named modules (from modprobe.blacklist= or
// module_blacklist= on the kernel command line, say).
func (c *Conf) AddBlacklist(names ...string) {
	if c.Blacklist == nil {
		c.Blacklist = make(map[string]bool)
	}
	for _, name := range names {
		if name != "" {
			c.Blacklist[NormalizeAlias(name)] = true
		}
	}
}

// Append adds o's lines after c's, as if o were the next file read.
func (c *Conf) Append(o Conf) {
	c.Options = append(c.Options, o.Options...)
	for name := range o.Blacklist {
		c.AddBlacklist(name)
	}
	c.Aliases = append(c.Aliases, o.Aliases...)
	c.Softdeps = append(c.Softdeps, o.Softdeps...)
	for name, cmd := range o.Install {
		c.Install = setFirst(c.Install, name, cmd)
	}
	for name, cmd := range o.Remove {
		c.Remove = setFirst(c.Remove, name, cmd)
	}
}

// Blacklisted reports whether the module called name is blacklisted. A nil
// Conf blacklists nothing.
func (c *Conf) Blacklisted(name string) bool {
	return c != nil && c.Blacklist[Normalize(name)]
}

// OptionsFor returns the options lines for a module called name, or for the
// alias it was asked for by (may be ""), in file order.
func (c *Conf) OptionsFor(name, alias string) []string {
	if c == nil {
		return nil
	}
	name, alias = Normalize(name), NormalizeAlias(alias)
	var opts []string
	for _, o := range c.Options {
		if o.Module == name || (alias != "" && o.Module == alias) {
			opts = append(opts, o.Options)
		}
	}
	return opts
}

// Softdep returns the softdeps the first matching softdep line gives the
// module called name, and whether a line matched.
func (c *Conf) Softdep(name string) (Softdep, bool) {
	if c == nil {
		return Softdep{}, false
	}
	return c.Softdeps.Lookup(name)
}

// WriteTo writes c as a modprobe.d file that [ParseModprobeConf] reads back
// as c: options, blacklist, alias, softdep, install and remove lines.
func (c Conf) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	for _, o := range c.Options {
		writeConfLine(&b, "options", o.Module, o.Options)
	}
	for _, name := range sortedKeys(c.Blacklist) {
		writeConfLine(&b, "blacklist", name)
	}
	for _, a := range c.Aliases {
		writeConfLine(&b, "alias", a.Pattern, a.Module)
	}
	for _, rule := range c.Softdeps {
		writeConfLine(&b, "softdep", rule.Pattern, rule.text())
	}
	for _, name := range sortedKeys(c.Install) {
		writeConfLine(&b, "install", name, c.Install[name])
	}
	for _, name := range sortedKeys(c.Remove) {
		writeConfLine(&b, "remove", name, c.Remove[name])
	}
	n, err := io.WriteString(w, b.String())
	if err != nil {
		return int64(n), fmt.Errorf("write modprobe configuration: %w", err)
	}
	return int64(n), nil
}

// writeConfLine writes the words of one line, each '\' doubled so that
// the line reader gives them back.
func writeConfLine(b *strings.Builder, words ...string) {
	b.WriteString(strings.ReplaceAll(strings.Join(words, " "), `\`, `\\`))
	b.WriteByte('\n')
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
