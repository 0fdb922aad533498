package modload

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync"
)

// ErrDependencyFailed is wrapped by the error for a module that was not tried
// because a module it needs failed to load.
var ErrDependencyFailed = errors.New("a module it needs failed to load")

// Loader loads modules and their dependencies into the running kernel, as
// modprobe does: a module's dependencies first, its softdeps (pre before,
// post after; a failed softdep is logged, not an error), options from
// modprobe.d and the kernel command line. Modules with no dependency path
// between them load concurrently, Jobs at a time (see "Parallel loading" in
// the package documentation for what that buys).
// The zero value loads from /lib/modules/$(uname -r) with finit_module(2).
// A Loader is safe for concurrent use once set up.
type Loader struct {
	// Dir is the modules tree, used to open files when FS is nil and in
	// messages. Default: /lib/modules/ followed by the running kernel's release.
	Dir string
	// FS is the modules tree; default os.DirFS(Dir).
	FS fs.FS
	// Index is the tree's index; default Open(FS) on first use.
	Index *Index
	// Conf is the modprobe.d configuration (see [ReadModprobeConf]):
	// options, blacklist, aliases, softdeps, install commands. Nil: none.
	//
	// An install command is not run (not supported: install commands are
	// ignored, and logged as such), except the idiom that disables a
	// module: "install NAME /bin/true" (or true) counts as loading it
	// without loading anything, "install NAME /bin/false" (or false) as a
	// failure, as when modprobe runs them.
	Conf *Conf
	// Params holds module parameters by module name, each "param=value" as
	// given on the kernel command line (module.param=value). They are
	// passed to the kernel after the module's options from Conf, all
	// joined with spaces, so that the command line wins.
	Params map[string][]string
	// Flags are finit_module flags (MODULE_INIT_IGNORE_VERMAGIC...).
	// InitCompressedFile is added for compressed modules while the kernel
	// takes them; else their decompressed bytes go to Init, which the
	// default Init passes to init_module(2), which takes no flags.
	Flags int
	// Jobs bounds how many modules are handed to Init at once; default
	// runtime.GOMAXPROCS(0). 1 loads one module at a time, in a fixed order
	// (a valid load order, the one modprobe would use where it can). More
	// than the CPUs still helps when module init functions wait.
	Jobs int
	// Init loads one module file. Default: finit_module(2) when f is an
	// *os.File, else init_module(2) with its bytes. An error wrapping an
	// *os.SyscallError has its syscall name used in messages. It is called
	// from several goroutines at once unless Jobs is 1.
	Init func(f fs.File, params string, flags int) error
	// Loaded returns the names of the modules already loaded. Default:
	// read /proc/modules.
	Loaded func() ([]string, error)
	// Log reports progress, one line a call, each naming the module and
	// why it is loaded; default: nothing. Calls are never concurrent.
	Log func(format string, args ...any)

	once    sync.Once // fills in the defaults
	openErr error
	params  map[string][]string // Params by normalised name
	logMu   sync.Mutex
	kernel  kernelDecompress
}

// Load loads each named module after the modules it needs, and its
// softdeps. The blacklist does not apply: a module asked for by name loads.
// A module that is built into the kernel or already loaded (listed by
// Loaded, or Init says EEXIST, which matches fs.ErrExist) counts as loaded.
// When a module fails, the modules that need it are not tried but the
// others are; the error joins every failure, each naming the module and its
// file.
func (l *Loader) Load(names ...string) error {
	return l.LoadFor("asked for", names...)
}

// LoadFor is [Loader.Load] with why in the log lines of the named modules
// in place of "asked for": what asked for them ("modalias
// virtio:d00000001v00001AF4 of /devices/..."). Their dependencies are
// logged as "needed by X", their softdeps as "pre softdep of X".
func (l *Loader) LoadFor(why string, names ...string) error {
	if err := l.setup(); err != nil {
		return err
	}
	reqs := make([]request, len(names))
	for i, name := range names {
		reqs[i] = request{name: Normalize(name), why: why}
	}
	return l.load(reqs)
}

// LoadAlias loads the modules an alias names, as modprobe does for the
// kernel's request_module: alias is a module name ("nfsv3") or an alias
// ("fs-nfs", "crypto-ccm", "net-pf-10", "virtio:d00000001v00001AF4"),
// looked up as [Loader.Resolve] says. Modules it matches as an alias that
// are blacklisted are left out; when only such modules match, nothing is
// loaded and LoadAlias succeeds, as modprobe does. Options for the alias
// (options ALIAS ...) apply to the modules it matched. An alias nothing
// matches is a *NotFoundError with Alias set.
func (l *Loader) LoadAlias(alias string) error {
	return l.loadAlias(alias, "for "+alias, "asked for")
}

// LoadAliasFor is [Loader.LoadAlias] with why in the log lines of the
// modules alias names, whether it matched as an alias or as a module name,
// in place of "for ALIAS" and "asked for" (the kernel's modprobe helper
// says "kernel request fs-nfs").
func (l *Loader) LoadAliasFor(alias, why string) error {
	return l.loadAlias(alias, why, why)
}

func (l *Loader) loadAlias(alias, aliasWhy, nameWhy string) error {
	if err := l.setup(); err != nil {
		return err
	}
	m, err := l.resolve(alias)
	if err != nil {
		return err
	}
	if len(m.names) == 0 && len(m.blacklisted) > 0 {
		l.logf("alias %s: not loading blacklisted %s", alias, strings.Join(m.blacklisted, ", "))
		return nil
	}
	if len(m.names) == 0 {
		return &NotFoundError{Name: alias, Alias: true, Dir: l.Index.where()}
	}
	reqs := make([]request, len(m.names))
	for i, name := range m.names {
		reqs[i] = request{name: name, why: nameWhy}
		if m.byAlias {
			reqs[i].alias, reqs[i].why = alias, aliasWhy
		}
	}
	return l.load(reqs)
}

// setup fills in the defaults once.
func (l *Loader) setup() error {
	l.once.Do(func() {
		if l.Init == nil {
			l.Init = initModule
		}
		if l.Loaded == nil {
			l.Loaded = LoadedModules
		}
		if l.Jobs < 1 {
			l.Jobs = runtime.GOMAXPROCS(0)
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
	if l.Log == nil {
		return
	}
	l.logMu.Lock()
	defer l.logMu.Unlock()
	l.Log(format, args...)
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
