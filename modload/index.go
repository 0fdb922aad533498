package modload

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"
)

// Index knows every module of one kernel's modules tree: where each is and
// which others it needs. It is safe for concurrent use once opened.
type Index struct {
	// Dir is where the tree lives, used in messages only
	// ("module "foo" not found in /lib/modules/6.1.0-50-armmp"). OpenDir sets it.
	Dir string

	fsys     fs.FS
	modules  map[string]*entry // by normalised name
	builtin  Builtin
	scanned  bool               // built from .modinfo sections rather than modules.dep
	aliases  Aliases            // modules.alias, when the tree has one
	hasAlias bool               // the tree has modules.alias
	softdeps map[string]Softdep // modules.softdep, by module name
	// builtinAliases are the aliases of built-in modules, from
	// modules.builtin.modinfo.
	builtinAliases Aliases

	aliasOnce   sync.Once // fills scannedAliases
	scanAliases Aliases
	scanErr     error

	modaliasOnce sync.Once // fills modalias, the index of Aliases
	modalias     *aliasIndex
	modaliasErr  error
}

// entry is what the index knows about one module file.
type entry struct {
	name     string
	path     string   // relative to the tree's root
	depends  []string // normalised names
	firmware []string // known only when scanned
	aliases  []string // known only when scanned
	softdep  Softdep  // known only when scanned
}

// OpenDir opens the modules tree in dir (such as /lib/modules/6.1.0-50-armmp)
// with [Open].
func OpenDir(dir string) (*Index, error) {
	ix, err := Open(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("open modules tree %s: %w", dir, err)
	}
	ix.Dir = dir
	return ix, nil
}

// Open indexes a modules tree given as an fs.FS rooted at lib/modules/KVER.
// It reads modules.dep when present; otherwise (Debian's kernel packages
// ship none) it reads the .modinfo section of every module file in the tree,
// compressed or not. It reads modules.alias and modules.softdep when present,
// so that looking up an alias or a softdep reads no module file;
// modules.builtin, when present, names the modules built into the kernel,
// and modules.builtin.modinfo their aliases.
func Open(fsys fs.FS) (*Index, error) {
	ix := &Index{fsys: fsys, builtin: Builtin{}}
	var deps Deps
	haveDep := false
	err := errors.Join(
		readOptional(fsys, "modules.builtin", func(r io.Reader) (err error) {
			ix.builtin, err = ParseBuiltin(r)
			return err
		}),
		readOptional(fsys, "modules.builtin.modinfo", func(r io.Reader) error {
			data, err := io.ReadAll(r)
			ix.builtinAliases = builtinAliases(ParseBuiltinModinfo(data))
			return err
		}),
		readOptional(fsys, "modules.dep", func(r io.Reader) (err error) {
			haveDep = true
			deps, err = ParseDep(r)
			return err
		}),
		readOptional(fsys, "modules.alias", func(r io.Reader) (err error) {
			ix.hasAlias = true
			ix.aliases, err = ParseAlias(r)
			return err
		}),
		readOptional(fsys, "modules.softdep", func(r io.Reader) (err error) {
			ix.softdeps, err = parseModulesSoftdep(r)
			return err
		}),
	)
	switch {
	case err != nil:
		return nil, err
	case haveDep:
		ix.modules = entriesFromDeps(deps)
	default:
		ix.scanned = true
		ix.modules, err = scan(fsys)
	}
	if err != nil {
		return nil, err
	}
	return ix, nil
}

// readOptional calls parse with the file called name, if fsys has it.
func readOptional(fsys fs.FS, name string, parse func(io.Reader) error) error {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	return parse(f)
}

// entriesFromDeps indexes modules.dep lines by module name. When two paths
// give the same name, the first line wins, as with modprobe.
func entriesFromDeps(deps Deps) map[string]*entry {
	modules := make(map[string]*entry, len(deps))
	for _, dep := range deps {
		name := Name(dep.Path)
		if _, dup := modules[name]; dup {
			continue
		}
		e := &entry{name: name, path: dep.Path}
		for _, p := range dep.Depends {
			e.depends = append(e.depends, Name(p))
		}
		modules[name] = e
	}
	return modules
}

// Builtin reports whether the module called name is built into the kernel.
func (ix *Index) Builtin(name string) bool {
	return ix.builtin.Has(name)
}

// Lookup returns what the index knows about the module called name (either
// spelling), not counting built-in modules.
func (ix *Index) Lookup(name string) (Module, bool) {
	e, ok := ix.modules[Normalize(name)]
	if !ok {
		return Module{}, false
	}
	return e.module(""), true
}

// Modinfo reads the .modinfo section of the module called name, for what
// modules.dep does not say (firmware, aliases, parameters).
func (ix *Index) Modinfo(name string) (Modinfo, error) {
	e, ok := ix.modules[Normalize(name)]
	if !ok {
		return Modinfo{}, ix.notFound(Normalize(name), "")
	}
	mi, err := readModinfoFile(ix.fsys, e.path)
	if err != nil {
		return Modinfo{}, fmt.Errorf("module %s: %w", e.name, err)
	}
	return mi, nil
}

// where names the tree in messages.
func (ix *Index) where() string {
	if ix.Dir == "" {
		return "the modules tree"
	}
	return ix.Dir
}

// NotFoundError reports a module name or alias the index does not know. It
// matches fs.ErrNotExist with errors.Is.
type NotFoundError struct {
	Name     string
	NeededBy string // the module that needs it; empty when asked for
	Dir      string // where it was looked for
	Alias    bool   // Name was looked up as an alias too (Loader.LoadAlias)
}

func (e *NotFoundError) Error() string {
	if e.Alias {
		return fmt.Sprintf("no module or alias matches %q in %s", e.Name, e.Dir)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "module %q ", e.Name)
	if e.NeededBy != "" {
		fmt.Fprintf(&b, "(needed by %s) ", e.NeededBy)
	}
	fmt.Fprintf(&b, "not found in %s", e.Dir)
	return b.String()
}

// Unwrap returns fs.ErrNotExist.
func (e *NotFoundError) Unwrap() error { return fs.ErrNotExist }

func (ix *Index) notFound(name, neededBy string) error {
	return &NotFoundError{Name: name, NeededBy: neededBy, Dir: ix.where()}
}

// Under returns the names of the modules whose files are in the folder dir
// of the tree ("kernel/drivers/net", with or without a trailing slash),
// sorted by path.
func (ix *Index) Under(dir string) []string {
	prefix := strings.Trim(dir, "/") + "/"
	var found []*entry
	for _, e := range ix.modules {
		if strings.HasPrefix(e.path, prefix) {
			found = append(found, e)
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].path < found[j].path })
	names := make([]string, len(found))
	for i, e := range found {
		names[i] = e.name
	}
	return names
}
