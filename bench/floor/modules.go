package main

import "github.com/airroot/airroot/modload"

// modulesToLoad is what airroot's modules step loads: the closure of the
// modules-load.d names (dependencies first, softdeps in), less the built-in
// modules and those loaded already (the fixture's). Each is a path in the
// modules tree.
func modulesToLoad(closure []modload.Module, loaded []string) []modload.Module {
	have := map[string]bool{}
	for _, name := range loaded {
		have[modload.Normalize(name)] = true
	}
	var out []modload.Module
	for _, m := range closure {
		if !m.Builtin && !have[modload.Normalize(m.Name)] {
			out = append(out, m)
		}
	}
	return out
}
