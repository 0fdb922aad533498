package modload

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
)

// ErrDependencyFailed is wrapped by the error for a module that was not tried
// because a module it needs failed to load.
var ErrDependencyFailed = errors.New("a module it needs failed to load")

// Loader loads modules and their dependencies into the running kernel.
// The zero value loads from /lib/modules/$(uname -r) with finit_module(2).
type Loader struct {
	// Dir is the modules tree, used to open files when FS is nil and in
	// messages. Default: /lib/modules/ followed by the running kernel's release.
	Dir string
	// FS is the modules tree; default os.DirFS(Dir).
	FS fs.FS
	// Index is the tree's index; default Open(FS) on first use.
	Index *Index
	// Params holds module parameters by module name, each "param=value" as
	// given on the kernel command line (module.param=value). They are passed
	// to the kernel joined with spaces.
	Params map[string][]string
	// Flags are finit_module flags (MODULE_INIT_IGNORE_VERMAGIC...).
	Flags int
	// Init loads one module file. Default: finit_module(2) when f is an
	// *os.File, else init_module(2) with its bytes. An error wrapping an
	// *os.SyscallError has its syscall name used in messages.
	Init func(f fs.File, params string, flags int) error
	// Loaded returns the names of the modules already loaded. Default:
	// read /proc/modules.
	Loaded func() ([]string, error)
	// Log reports progress; default: nothing.
	Log func(format string, args ...any)

	once    sync.Once // fills in the defaults
	openErr error
	params  map[string][]string // Params by normalised name
}

// Load loads each named module after the modules it needs. A module that is
// built into the kernel or already loaded (listed by Loaded, or Init says
// EEXIST, which matches fs.ErrExist) counts as loaded. When a module fails,
// the modules that need it are not tried but the others are; the error joins
// every failure, each naming the module and its file.
func (l *Loader) Load(names ...string) error {
	if err := l.setup(); err != nil {
		return err
	}
	run := loadRun{l: l, failed: make(map[string]bool), done: l.loadedSet()}
	for _, name := range names {
		run.loadClosure(name)
	}
	return errors.Join(run.errs...)
}

// setup fills in the defaults once.
func (l *Loader) setup() error {
	l.once.Do(func() {
		if l.Init == nil {
			l.Init = initModule
		}
		if l.Loaded == nil {
			l.Loaded = procModules
		}
		l.params = make(map[string][]string, len(l.Params))
		for name, p := range l.Params {
			l.params[Normalize(name)] = append(l.params[Normalize(name)], p...)
		}
		l.openErr = l.openIndex()
	})
	return l.openErr
}

func (l *Loader) openIndex() error {
	if l.Dir == "" {
		dir, err := defaultDir()
		if err != nil {
			return fmt.Errorf("load modules: %w", err)
		}
		l.Dir = dir
	}
	if l.FS == nil {
		l.FS = os.DirFS(l.Dir)
	}
	if l.Index != nil {
		return nil
	}
	ix, err := Open(l.FS)
	if err != nil {
		return fmt.Errorf("load modules: open %s: %w", l.Dir, err)
	}
	ix.Dir = l.Dir
	l.Index = ix
	return nil
}

func (l *Loader) logf(format string, args ...any) {
	if l.Log != nil {
		l.Log(format, args...)
	}
}

// loadedSet returns the modules the kernel already has; when that cannot be
// read, none (finit_module's EEXIST still tells).
func (l *Loader) loadedSet() map[string]bool {
	names, err := l.Loaded()
	if err != nil {
		l.logf("modules: cannot tell which modules are loaded: %v", err)
	}
	set := make(map[string]bool, len(names))
	for _, name := range names {
		set[Normalize(name)] = true
	}
	return set
}

// loadRun is one Load call: what is done, what failed, the errors so far.
type loadRun struct {
	l      *Loader
	done   map[string]bool
	failed map[string]bool
	errs   []error
}

func (r *loadRun) loadClosure(name string) {
	mods, err := r.l.Index.Closure(name)
	var nf *NotFoundError
	if errors.As(err, &nf) && nf.NeededBy == "" {
		r.errs = append(r.errs, err) // module "foo" not found in /lib/modules/...
		return
	}
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("load module %s: %w", Normalize(name), err))
		return
	}
	for _, m := range mods {
		r.loadOne(m)
	}
}

func (r *loadRun) loadOne(m Module) {
	switch {
	case r.done[m.Name] || r.failed[m.Name]:
		return
	case m.Builtin:
		r.l.logf("module %s is built into the kernel", m.Name)
		r.done[m.Name] = true
		return
	}
	if dep := r.failedDependency(m); dep != "" {
		r.failed[m.Name] = true
		r.errs = append(r.errs, fmt.Errorf("load module %s: not tried: needs %s: %w", m.Name, dep, ErrDependencyFailed))
		return
	}
	if err := r.l.loadFile(m); err != nil {
		r.failed[m.Name] = true
		r.errs = append(r.errs, err)
		return
	}
	r.done[m.Name] = true
}

func (r *loadRun) failedDependency(m Module) string {
	for _, dep := range m.Depends {
		if r.failed[dep] {
			return dep
		}
	}
	return ""
}

// loadFile hands one module file to the kernel; EEXIST counts as success.
func (l *Loader) loadFile(m Module) error {
	params := strings.Join(l.params[m.Name], " ")
	f, err := l.FS.Open(m.Path)
	if err != nil {
		return fmt.Errorf("load module %s: %w", m.Name, err)
	}
	defer f.Close()
	err = l.Init(f, params, l.Flags)
	if errors.Is(err, fs.ErrExist) {
		l.logf("module %s was already loaded", m.Name)
		return nil
	}
	if err != nil {
		return fmt.Errorf("load module %s: %w", m.Name, l.fileError(m, err))
	}
	if params != "" {
		l.logf("loaded module %s (%s) with %s", m.Name, m.Reason(), params)
	} else {
		l.logf("loaded module %s (%s)", m.Name, m.Reason())
	}
	return nil
}

// fileError names the file in err: "finit_module /lib/modules/.../x.ko: ...".
func (l *Loader) fileError(m Module, err error) error {
	op := "finit_module"
	var se *os.SyscallError
	if errors.As(err, &se) {
		op, err = se.Syscall, se.Err
	}
	return &fs.PathError{Op: op, Path: path.Join(l.Dir, m.Path), Err: err}
}
