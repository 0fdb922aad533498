package modload

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// WriteDep writes the index as a modules.dep file, so that a tree without one
// (a Debian kernel package) can ship one and its loader need not read ELF
// files. See [Index.Deps] for the order.
func (ix *Index) WriteDep(w io.Writer) error {
	deps, err := ix.Deps()
	if err != nil {
		return err
	}
	_, err = deps.WriteTo(w)
	return err
}

// Deps returns the index as modules.dep lines, the way depmod writes them:
// modules in modules.order order (the rest after, by path), each followed by
// all the modules it needs, transitively, users before what they use (so a
// line read right to left is a load order). Built-in dependencies are left
// out; a dependency the tree does not have is an error.
func (ix *Index) Deps() (Deps, error) {
	mods, err := ix.lineOrder()
	if err != nil {
		return nil, err
	}
	rank, err := ix.usersFirstRank(mods)
	if err != nil {
		return nil, err
	}
	deps := make(Deps, len(mods))
	for i, e := range mods {
		all := ix.allDepends(e)
		sort.Slice(all, func(a, b int) bool { return rank[all[a]] < rank[all[b]] })
		deps[i] = Dep{Path: e.path}
		for _, d := range all {
			deps[i].Depends = append(deps[i].Depends, d.path)
		}
	}
	return deps, nil
}

// lineOrder returns the modules in modules.order order, then the others by
// path. modules.order names the files before compression (x.ko for
// x.ko.xz), as make modules_install writes it.
func (ix *Index) lineOrder() ([]*entry, error) {
	order, err := readOrder(ix.fsys)
	if err != nil {
		return nil, err
	}
	byPath := make(map[string]*entry, len(ix.modules))
	var rest []string
	for _, e := range ix.modules {
		byPath[uncompressedPath(e.path)] = e
		rest = append(rest, e.path)
	}
	sort.Strings(rest)
	mods := make([]*entry, 0, len(ix.modules))
	for _, p := range append(order, rest...) {
		if e, ok := byPath[uncompressedPath(p)]; ok {
			mods = append(mods, e)
			delete(byPath, uncompressedPath(p))
		}
	}
	return mods, nil
}

// uncompressedPath returns the path of module file p without its
// compression suffix: kernel/x.ko for kernel/x.ko.xz.
func uncompressedPath(p string) string {
	if suffix := moduleSuffix(path.Base(p)); suffix != "" {
		return strings.TrimSuffix(p, suffix) + ".ko"
	}
	return p
}

// readOrder reads modules.order (module paths, one a line), if there is one.
func readOrder(fsys fs.FS) ([]string, error) {
	f, err := fsys.Open("modules.order")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var paths []string
	err = eachLine(f, func(_ int, line string) error {
		paths = append(paths, line)
		return nil
	})
	return paths, err
}

// usersFirstRank numbers the modules in a topological order where every
// module comes before the modules it depends on (Kahn's algorithm, as depmod
// does it), checking that every dependency is in the tree or built in.
func (ix *Index) usersFirstRank(mods []*entry) (map[*entry]int, error) {
	users := make(map[*entry]int, len(mods))
	for _, e := range mods {
		for _, d := range e.depends {
			dep, err := ix.dependency(e, d)
			if err != nil {
				return nil, err
			}
			if dep != nil {
				users[dep]++
			}
		}
	}
	var ready []*entry
	for _, e := range mods {
		if users[e] == 0 {
			ready = append(ready, e)
		}
	}
	rank := make(map[*entry]int, len(mods))
	for len(ready) > 0 {
		e := ready[len(ready)-1]
		ready = ready[:len(ready)-1]
		rank[e] = len(rank)
		for _, d := range e.depends {
			if dep := ix.modules[d]; dep != nil {
				if users[dep]--; users[dep] == 0 {
					ready = append(ready, dep)
				}
			}
		}
	}
	if len(rank) < len(mods) {
		return nil, fmt.Errorf("write modules.dep: dependency cycle among %d modules", len(mods)-len(rank))
	}
	return rank, nil
}

// dependency returns the entry of e's dependency called name, nil when it is
// built in, and an error when the tree has no such module.
func (ix *Index) dependency(e *entry, name string) (*entry, error) {
	if dep, ok := ix.modules[name]; ok {
		return dep, nil
	}
	if ix.builtin.Has(name) {
		return nil, nil
	}
	return nil, fmt.Errorf("write modules.dep: %w", ix.notFound(name, e.name))
}

// allDepends returns every module e needs, directly or not, each once.
func (ix *Index) allDepends(e *entry) []*entry {
	seen := map[*entry]bool{e: true}
	var all []*entry
	var walk func(*entry)
	walk = func(e *entry) {
		for _, d := range e.depends {
			if dep := ix.modules[d]; dep != nil && !seen[dep] {
				seen[dep] = true
				all = append(all, dep)
				walk(dep)
			}
		}
	}
	walk(e)
	return all
}
