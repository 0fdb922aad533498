package modload

import "io"

// Aliases returns the aliases of the tree's modules: from modules.alias when
// the index read modules.dep, else from the modules' .modinfo sections in
// modules.order order, the way depmod writes modules.alias.
func (ix *Index) Aliases() (Aliases, error) {
	if !ix.scanned {
		return ix.aliases, nil
	}
	mods, err := ix.lineOrder()
	if err != nil {
		return nil, err
	}
	var aliases Aliases
	for _, e := range mods {
		for _, pattern := range e.aliases {
			aliases = append(aliases, Alias{Pattern: pattern, Module: e.name})
		}
	}
	return aliases, nil
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
