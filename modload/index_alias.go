package modload

import (
	"fmt"
	"io"
)

// Aliases returns the aliases of the tree's modules: from modules.alias when
// the tree has one, else, when the index read the modules' .modinfo
// sections, from those in modules.order order, the way depmod writes
// modules.alias; else none.
func (ix *Index) Aliases() (Aliases, error) {
	if ix.hasAlias || !ix.scanned {
		return ix.aliases, nil
	}
	ix.aliasOnce.Do(func() {
		mods, err := ix.lineOrder()
		if err != nil {
			ix.scanErr = err
			return
		}
		for _, e := range mods {
			for _, pattern := range e.aliases {
				ix.scanAliases = append(ix.scanAliases, Alias{Pattern: pattern, Module: e.name})
			}
		}
	})
	return ix.scanAliases, ix.scanErr
}

// WriteAlias writes [Index.Aliases] as a modules.alias file.
func (ix *Index) WriteAlias(w io.Writer) error {
	aliases, err := ix.Aliases()
	if err != nil {
		return err
	}
	_, err = aliases.WriteTo(w)
	return err
}

// Softdep returns the softdeps of the module called name: from
// modules.softdep when the tree has one, else from its .modinfo section
// when the index read those; else none.
func (ix *Index) Softdep(name string) Softdep {
	name = Normalize(name)
	if ix.softdeps != nil || !ix.scanned {
		return ix.softdeps[name]
	}
	if e, ok := ix.modules[name]; ok {
		return e.softdep
	}
	return Softdep{}
}

// Softdeps returns the modules' own softdeps in modules.order order, as
// depmod writes modules.softdep (see [Softdeps.WriteTo]).
func (ix *Index) Softdeps() (Softdeps, error) {
	mods, err := ix.lineOrder()
	if err != nil {
		return nil, err
	}
	var rules Softdeps
	for _, e := range mods {
		if sd := ix.Softdep(e.name); !sd.empty() {
			rules = append(rules, SoftdepRule{Pattern: e.name, Softdep: sd})
		}
	}
	return rules, nil
}

// parseModulesSoftdep reads depmod's modules.softdep: softdep lines naming
// modules, several lines for one module adding up.
func parseModulesSoftdep(r io.Reader) (map[string]Softdep, error) {
	c, err := ParseModprobeConf(r)
	if err != nil {
		return nil, fmt.Errorf("parse modules.softdep: %w", err)
	}
	softdeps := make(map[string]Softdep, len(c.Softdeps))
	for _, rule := range c.Softdeps {
		sd := softdeps[Normalize(rule.Pattern)]
		sd.merge(rule.Softdep)
		softdeps[Normalize(rule.Pattern)] = sd
	}
	return softdeps, nil
}

// WriteSoftdep writes [Index.Softdeps] as a modules.softdep file.
func (ix *Index) WriteSoftdep(w io.Writer) error {
	rules, err := ix.Softdeps()
	if err != nil {
		return err
	}
	_, err = rules.WriteTo(w)
	return err
}
