package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/modload"
	"golang.org/x/sys/unix"
)

// loadModules loads airroot's modules rounds times, timing each pass of
// finit_module(2) calls; between passes it unloads them again, last loaded first.
// The modules are chosen before the first pass (the floor has no resolution).
func loadModules(rounds int) error {
	mods, dir, err := planModules()
	if err != nil {
		return err
	}
	for round := 1; round <= rounds; round++ {
		start := time.Now()
		for _, m := range mods {
			if err := finit(filepath.Join(dir, m.Path)); err != nil {
				return fmt.Errorf("load module %s: %w", m.Name, err)
			}
		}
		emit(benchproto.FloorModules, since(start))
		if round == rounds {
			return nil
		}
		for _, m := range slices.Backward(mods) {
			if err := unix.DeleteModule(modload.Normalize(m.Name), unix.O_NONBLOCK); err != nil {
				return fmt.Errorf("unload module %s: delete_module: %w", m.Name, err)
			}
		}
	}
	return nil
}

// planModules lists the modules to load, in order, and the modules tree.
func planModules() ([]modload.Module, string, error) {
	data, err := os.ReadFile(layout.ModulesLoad.Path)
	if err != nil {
		return nil, "", fmt.Errorf("read airroot's modules: %w", err)
	}
	names := strings.Fields(string(data)) // airroot build writes one name a line, nothing else
	var uts unix.Utsname
	if err := unix.Uname(&uts); err != nil {
		return nil, "", fmt.Errorf("plan modules: uname: %w", err)
	}
	dir := filepath.Join(layout.Modules.Path, unix.ByteSliceToString(uts.Release[:]))
	closure, err := (&modload.Loader{Dir: dir}).Closure(names...)
	if err != nil {
		return nil, "", fmt.Errorf("plan modules: %w", err)
	}
	have, err := modload.LoadedModules()
	if err != nil {
		return nil, "", fmt.Errorf("plan modules: /proc/modules: %w", err)
	}
	return modulesToLoad(closure, have), dir, nil
}

// finit loads one module file with finit_module(2), a compressed one with
// MODULE_INIT_COMPRESSED_FILE as airroot's loader first tries.
func finit(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	flags := 0
	if !strings.HasSuffix(path, ".ko") {
		flags = modload.InitCompressedFile
	}
	err = unix.FinitModule(int(f.Fd()), "", flags)
	if errors.Is(err, unix.EEXIST) {
		return nil
	}
	return os.NewSyscallError("finit_module", err)
}
