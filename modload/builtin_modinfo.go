package modload

import (
	"sort"
	"strings"
)

// ParseBuiltinModinfo parses modules.builtin.modinfo, the .modinfo entries
// of the modules built into the kernel, each prefixed with its module's
// name: NUL-separated "module.key=value" strings ("hmac.alias=crypto-hmac").
// It returns what each module says about itself, by normalised name, with
// Name set. Strings with no '.' before the first '=' are ignored.
func ParseBuiltinModinfo(data []byte) map[string]Modinfo {
	sections := make(map[string][]byte)
	for _, entry := range strings.Split(string(data), "\x00") {
		raw, rest, ok := strings.Cut(entry, ".")
		if !ok || raw == "" || strings.Contains(raw, "=") {
			continue
		}
		name := Normalize(raw)
		sections[name] = append(append(sections[name], rest...), 0)
	}
	infos := make(map[string]Modinfo, len(sections))
	for name, section := range sections {
		mi := ParseModinfoSection(section)
		mi.Name = name
		infos[name] = mi
	}
	return infos
}

// builtinAliases lists the aliases of built-in modules, by module name.
func builtinAliases(infos map[string]Modinfo) Aliases {
	names := make([]string, 0, len(infos))
	for name := range infos {
		names = append(names, name)
	}
	sort.Strings(names)
	var aliases Aliases
	for _, name := range names {
		for _, pattern := range infos[name].Aliases {
			aliases = append(aliases, Alias{Pattern: pattern, Module: name})
		}
	}
	return aliases
}
