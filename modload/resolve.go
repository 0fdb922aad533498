package modload

import "strings"

// match is what an alias resolves to.
type match struct {
	names       []string // modules to load, normalised
	byAlias     bool     // matched as an alias rather than a module name
	blacklisted []string // modules it matched as an alias that are blacklisted
}

// Resolve returns the modules [Loader.LoadAlias] would load for alias, in
// the order modprobe looks: the first of these that gives any module wins.
//
//  1. alias lines of Conf (patterns, matched as in modules.alias);
//  2. a module of that name, unless alias has a ':';
//  3. an install command of Conf for that name;
//  4. the tree's modules.alias (or the modules' own aliases);
//  5. a built-in module of that name (nothing to load);
//  6. the aliases of built-in modules (modules.builtin.modinfo).
//
// Modules matched as an alias (1, 4 and 6) that Conf blacklists are left
// out. An empty list, with no error, means nothing matched or only
// blacklisted modules did.
func (l *Loader) Resolve(alias string) ([]string, error) {
	if err := l.setup(); err != nil {
		return nil, err
	}
	m, err := l.resolve(alias)
	return m.names, err
}

// ModaliasModules returns the modules whose aliases in the tree match a
// device's modalias (see [Index.Modalias]), for [Loader.LoadFor]: the
// drivers mdev loads. Unlike [Loader.Resolve], it reads neither the
// modprobe.d aliases nor the blacklist.
func (l *Loader) ModaliasModules(modalias string) ([]string, error) {
	if err := l.setup(); err != nil {
		return nil, err
	}
	return l.Index.Modalias(modalias)
}

func (l *Loader) resolve(alias string) (match, error) {
	ix := l.Index
	name := Normalize(alias)
	if names := l.confAliases().Lookup(alias); len(names) > 0 {
		return l.filterBlacklist(names), nil
	}
	if _, ok := ix.Lookup(name); ok && !strings.Contains(alias, ":") {
		return match{names: []string{name}}, nil
	}
	if _, ok := l.installCommand(name); ok {
		return match{names: []string{name}}, nil
	}
	aliases, err := ix.Aliases()
	if err != nil {
		return match{}, err
	}
	if names := aliases.Lookup(alias); len(names) > 0 {
		return l.filterBlacklist(names), nil
	}
	if ix.Builtin(name) {
		return match{names: []string{name}}, nil
	}
	return l.filterBlacklist(ix.builtinAliases.Lookup(alias)), nil
}

func (l *Loader) confAliases() Aliases {
	if l.Conf == nil {
		return nil
	}
	return l.Conf.Aliases
}

// filterBlacklist drops the blacklisted modules from names matched as an alias.
func (l *Loader) filterBlacklist(names []string) match {
	m := match{byAlias: true}
	for _, name := range names {
		if l.Conf.Blacklisted(name) {
			m.blacklisted = append(m.blacklisted, name)
		} else {
			m.names = append(m.names, name)
		}
	}
	return m
}

// installCommand returns Conf's install command for the module called name.
func (l *Loader) installCommand(name string) (string, bool) {
	if l.Conf == nil {
		return "", false
	}
	cmd, ok := l.Conf.Install[Normalize(name)]
	return cmd, ok
}
