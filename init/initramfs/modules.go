package initramfs

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/airroot/airroot/modload"
)

// modulesLoadConf lists the modules PID 1 loads at boot.
const modulesLoadConf = "etc/modules-load.d/airroot.conf"

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

// addModules adds the closure of the spec's modules, a modules.dep and a
// modules.alias for exactly those modules, modules.builtin, the list PID 1
// loads at boot, and the firmware the modules name.
func (b *builder) addModules() error {
	fsys, release, where := b.spec.modulesTree()
	if fsys == nil {
		if len(b.spec.Modules) > 0 {
			return fmt.Errorf("modules %s asked for but no modules tree given (--modules-dir or --kernel-deb)", strings.Join(b.spec.Modules, ","))
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
	mods, err := ix.Closure(b.spec.Modules...)
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
	if builtin, err := fs.ReadFile(fsys, "modules.builtin"); err == nil {
		b.a.File(path.Join(base, "modules.builtin"), builtin, 0o644, "what the kernel has built in")
	}
	b.a.File(modulesLoadConf, []byte(strings.Join(b.spec.Modules, "\n")+"\n"), 0o644, "modules PID 1 loads at boot")
	return b.addFirmware(ix, mods)
}

// addModuleFiles adds each module file of mods and their modules.dep, and
// returns the names of the modules added.
func (b *builder) addModuleFiles(ix *modload.Index, fsys fs.FS, base string, mods []modload.Module) (map[string]bool, error) {
	included := map[string]bool{}
	var deps modload.Deps
	for _, m := range mods {
		if m.Builtin {
			if m.NeededBy == "" {
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
