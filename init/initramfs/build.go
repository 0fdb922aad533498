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

// Spec is what goes into an initramfs.
type Spec struct {
	Init       string   // the airroot /init binary on the host
	ModulesDir string   // the kernel's modules tree, lib/modules/KVER
	Modules    []string // modules to load at boot; their dependencies come along
	Extra      []Extra  // more files: host path -> archive path
}

// Extra is one more file to put in the archive.
type Extra struct {
	From, To string
}

// ParseExtra reads "HOSTPATH:ARCHIVEPATH" (the --add flag).
func ParseExtra(s string) (Extra, error) {
	from, to, ok := strings.Cut(s, ":")
	if !ok || from == "" || !strings.HasPrefix(to, "/") {
		return Extra{}, fmt.Errorf("--add %q: want HOSTPATH:/PATH/IN/INITRAMFS", s)
	}
	return Extra{From: from, To: to}, nil
}

// modulesLoadConf lists the modules PID 1 loads at boot.
const modulesLoadConf = "etc/modules-load.d/airroot.conf"

// Build assembles the archive for spec.
func Build(spec Spec) (*Archive, error) {
	a := NewArchive()
	if err := addInit(a, spec.Init); err != nil {
		return nil, err
	}
	for _, d := range []string{"dev", "proc", "sys", "run", "newroot", "etc", "tmp"} {
		a.Dir(d, 0o755)
	}
	// The kernel opens /dev/console for init's stdio before devtmpfs exists.
	a.CharDev("dev/console", 0o600, 5, 1)
	if spec.ModulesDir != "" {
		if err := addModules(a, spec.ModulesDir, spec.Modules); err != nil {
			return nil, err
		}
	} else if len(spec.Modules) > 0 {
		return nil, fmt.Errorf("modules %s asked for but no --modules-dir given", strings.Join(spec.Modules, ","))
	}
	for _, e := range spec.Extra {
		data, err := os.ReadFile(e.From)
		if err != nil {
			return nil, fmt.Errorf("add %s: %w", e.From, err)
		}
		fi, err := os.Stat(e.From)
		if err != nil {
			return nil, fmt.Errorf("add %s: %w", e.From, err)
		}
		a.File(e.To, data, uint64(fi.Mode().Perm()), "added with --add")
	}
	return a, nil
}

func addInit(a *Archive, init string) error {
	if init == "" {
		return fmt.Errorf("no init binary: give --init PATH (make builds out/init)")
	}
	data, err := os.ReadFile(init)
	if err != nil {
		return fmt.Errorf("read init binary: %w", err)
	}
	if !bytes.HasPrefix(data, []byte("\x7fELF")) {
		return fmt.Errorf("init binary %s is not an ELF executable", init)
	}
	a.File("init", data, 0o755, "airroot's PID 1")
	return nil
}

// addModules adds the closure of names from the tree at dir, a modules.dep
// for exactly those modules, and the list PID 1 loads at boot.
func addModules(a *Archive, dir string, names []string) error {
	kver := filepath.Base(filepath.Clean(dir))
	ix, err := modload.Open(os.DirFS(dir))
	if err != nil {
		return fmt.Errorf("read modules tree %s: %w", dir, err)
	}
	ix.Dir = dir
	mods, err := ix.Closure(names...)
	if err != nil {
		return err
	}
	base := path.Join("lib/modules", kver)
	var deps modload.Deps
	for _, m := range mods {
		if m.Builtin {
			continue
		}
		data, err := fs.ReadFile(os.DirFS(dir), m.Path)
		if err != nil {
			return fmt.Errorf("read module %s: %w", m.Name, err)
		}
		a.File(path.Join(base, m.Path), data, 0o644, "module "+m.Name+", "+m.Reason())
		dep, err := depLine(ix, m)
		if err != nil {
			return err
		}
		deps = append(deps, dep)
	}
	var dep bytes.Buffer
	if _, err := deps.WriteTo(&dep); err != nil {
		return fmt.Errorf("write modules.dep: %w", err)
	}
	a.File(path.Join(base, "modules.dep"), dep.Bytes(), 0o644, "dependencies of the modules above")
	if builtin, err := os.ReadFile(filepath.Join(dir, "modules.builtin")); err == nil {
		a.File(path.Join(base, "modules.builtin"), builtin, 0o644, "what the kernel has built in")
	}
	a.File(modulesLoadConf, []byte(strings.Join(names, "\n")+"\n"), 0o644, "modules PID 1 loads at boot")
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
