package initramfs

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/modload"
)

// modulesTree returns the modules tree the spec names, its release and
// where it is; a nil tree when there is none.
func (s Spec) modulesTree() (fsys fs.FS, release, where string) {
	switch {
	case s.ModulesFS != nil:
		where = s.ModulesWhere
		if where == "" {
			where = "lib/modules/" + s.KernelRelease
		}
		return s.ModulesFS, s.KernelRelease, where
	case s.ModulesDir != "":
		return os.DirFS(s.ModulesDir), filepath.Base(filepath.Clean(s.ModulesDir)), s.ModulesDir
	}
	return nil, "", ""
}

// addModules adds the closure of the spec's modules and of the modules it
// includes for autoload (their dependencies and softdeps, as
// modload.Loader.Closure finds them), the modules.dep, modules.alias and
// modules.softdep of exactly those modules, modules.builtin and
// modules.builtin.modinfo, the list PID 1 loads at boot (the spec's
// Modules only), and the firmware the modules name.
func (b *builder) addModules() error {
	fsys, release, where := b.spec.modulesTree()
	if fsys == nil {
		if len(b.spec.Modules)+len(b.spec.IncludeModules) > 0 {
			return fmt.Errorf("modules %s asked for but no modules tree given (--modules-dir or --kernel-deb)",
				strings.Join(append(slices.Clone(b.spec.Modules), b.spec.IncludeModules...), ","))
		}
		return nil
	}
	if release == "" || strings.Contains(release, "/") {
		return fmt.Errorf("modules tree %s: bad kernel release %q", where, release)
	}
	ix, err := modload.Open(fsys)
	if err != nil {
		return fmt.Errorf("read modules tree %s: %w", where, err)
	}
	ix.Dir = where
	mods, autoloadOnly, err := b.moduleClosure(ix, fsys, where)
	if err != nil {
		return err
	}
	base := path.Join("lib/modules", release)
	included, err := b.addModuleFiles(ix, fsys, base, mods)
	if err != nil {
		return err
	}
	if err := b.addAliases(ix, base, included); err != nil {
		return err
	}
	if err := b.addSoftdeps(ix, base, included); err != nil {
		return err
	}
	for _, f := range []struct{ name, why string }{
		{"modules.builtin", "what the kernel has built in"},
		{"modules.builtin.modinfo", "the aliases of what the kernel has built in"},
	} {
		if data, err := fs.ReadFile(fsys, f.name); err == nil {
			b.a.File(path.Join(base, f.name), data, 0o644, f.why)
		}
	}
	b.a.File(layout.ModulesLoad.InArchive(), []byte(strings.Join(b.spec.Modules, "\n")+"\n"), 0o644, "modules PID 1 loads at boot")
	return b.addFirmware(ix, mods, autoloadOnly)
}

// moduleClosure returns what Loader.Closure gives for the spec's Modules
// and IncludeModules (each a module name, or a folder of the tree whose
// modules all go in), and the names of the modules that are there only for
// autoload: not in the closure of Modules.
func (b *builder) moduleClosure(ix *modload.Index, fsys fs.FS, where string) ([]modload.Module, map[string]bool, error) {
	var include []string
	for _, inc := range b.spec.IncludeModules {
		if !strings.Contains(inc, "/") {
			include = append(include, inc)
			continue
		}
		under := ix.Under(inc)
		if len(under) == 0 {
			return nil, nil, fmt.Errorf("--include-modules %s: no module under %s in %s", inc, strings.Trim(inc, "/"), where)
		}
		include = append(include, under...)
	}
	// The boot list's closure warns (a softdep missing from the tree); the
	// whole closure, computed again with the included modules, stays quiet.
	boot, err := (&modload.Loader{Dir: where, FS: fsys, Index: ix, Log: b.warnf}).Closure(b.spec.Modules...)
	if err != nil {
		return nil, nil, err
	}
	atBoot := map[string]modload.Module{}
	for _, m := range boot {
		atBoot[m.Name] = m
	}
	all, err := (&modload.Loader{Dir: where, FS: fsys, Index: ix}).Closure(append(slices.Clone(b.spec.Modules), include...)...)
	if err != nil {
		return nil, nil, err
	}
	autoloadOnly := map[string]bool{}
	for i, m := range all {
		if bm, ok := atBoot[m.Name]; ok {
			all[i] = bm // why it is loaded at boot
			continue
		}
		autoloadOnly[m.Name] = true
		if m.Reason() == "asked for" {
			all[i].Why = "for autoload (--include-modules)"
		}
	}
	return all, autoloadOnly, nil
}

// addSoftdeps writes modules.softdep for the included modules, so that PID
// 1 and the modprobe helper load their softdeps without reading them.
func (b *builder) addSoftdeps(ix *modload.Index, base string, included map[string]bool) error {
	all, err := ix.Softdeps()
	if err != nil {
		return fmt.Errorf("read module softdeps: %w", err)
	}
	names := make([]string, 0, len(included))
	for name := range included {
		names = append(names, name)
	}
	ours := all.Of(names...)
	var buf bytes.Buffer
	if _, err := ours.WriteTo(&buf); err != nil {
		return err
	}
	b.a.File(path.Join(base, "modules.softdep"), buf.Bytes(), 0o644, fmt.Sprintf("softdeps of %d of the modules above", len(ours)))
	return nil
}

// addModuleFiles adds each module file of mods and their modules.dep, and
// returns the names of the modules added.
func (b *builder) addModuleFiles(ix *modload.Index, fsys fs.FS, base string, mods []modload.Module) (map[string]bool, error) {
	included := map[string]bool{}
	var deps modload.Deps
	for _, m := range mods {
		if m.Builtin {
			if m.Reason() == "asked for" {
				b.warnf("module %s is built into the kernel (%s): nothing to load", m.Name, m.Path)
			}
			continue
		}
		data, err := fs.ReadFile(fsys, m.Path)
		if err != nil {
			return nil, fmt.Errorf("read module %s: %w", m.Name, err)
		}
		b.a.File(path.Join(base, m.Path), data, 0o644, "module "+m.Name+", "+m.Reason())
		dep, err := depLine(ix, m)
		if err != nil {
			return nil, err
		}
		deps = append(deps, dep)
		included[m.Name] = true
	}
	var dep bytes.Buffer
	if _, err := deps.WriteTo(&dep); err != nil {
		return nil, err
	}
	b.a.File(path.Join(base, "modules.dep"), dep.Bytes(), 0o644, "dependencies of the modules above")
	return included, nil
}

// addAliases writes modules.alias for the included modules only, in the
// tree's order, so that PID 1 can match uevents' MODALIAS to them.
func (b *builder) addAliases(ix *modload.Index, base string, included map[string]bool) error {
	all, err := ix.Aliases()
	if err != nil {
		return fmt.Errorf("read module aliases: %w", err)
	}
	var ours modload.Aliases
	for _, a := range all {
		if included[a.Module] {
			ours = append(ours, a)
		}
	}
	var buf bytes.Buffer
	if _, err := ours.WriteTo(&buf); err != nil {
		return err
	}
	b.a.File(path.Join(base, "modules.alias"), buf.Bytes(), 0o644, fmt.Sprintf("%d aliases of the modules above", len(ours)))
	return nil
}

// depLine is m's modules.dep line: every module it needs, users before the
// modules they use, as depmod writes it.
func depLine(ix *modload.Index, m modload.Module) (modload.Dep, error) {
	closure, err := ix.Closure(m.Name)
	if err != nil {
		return modload.Dep{}, err
	}
	var needs []string
	for i := len(closure) - 1; i >= 0; i-- {
		c := closure[i]
		if c.Name != m.Name && !c.Builtin {
			needs = append(needs, c.Path)
		}
	}
	return modload.Dep{Path: m.Path, Depends: needs}, nil
}
