package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/airroot/airroot/host/initramfs"
	"github.com/airroot/airroot/host/kernel"
	"github.com/airroot/airroot/modload"
)

// runModules prints the closure of the named modules, in load order, with
// why each is needed (a dependency, or a softdep) and the firmware each names (found or not, when
// --firmware-dir is given). A device's modalias stands for the modules that
// claim it.
func runModules(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("airroot modules", flag.ContinueOnError)
	fl.SetOutput(stderr)
	debFile := fl.String("kernel-deb", "", "a Debian linux-image .deb")
	modulesDir := fl.String("modules-dir", "", "the kernel's modules tree (lib/modules/KVER)")
	firmwareDir := fl.String("firmware-dir", "", "a linux-firmware tree, to tell which firmware files are there")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: airroot modules [--modules-dir DIR | --kernel-deb FILE] [--firmware-dir DIR] NAME|MODALIAS...")
		fmt.Fprintln(stderr, "A MODALIAS (usb:v0BDAp8179..., as a device's sysfs modalias file or airroot's \"without a driver\" line gives it) names the modules that claim that device.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return err
	}
	switch {
	case (*debFile == "") == (*modulesDir == ""):
		return fmt.Errorf("give --kernel-deb FILE or --modules-dir DIR")
	case fl.NArg() == 0:
		return fmt.Errorf("name the modules to list (airroot modules --kernel-deb FILE rtl8192cu)")
	}
	k, err := loadKernel(*debFile, *modulesDir, "", "")
	if err != nil {
		return err
	}
	ix, err := modload.Open(k.Modules)
	if err != nil {
		return fmt.Errorf("read modules tree %s: %w", k.ModulesWhere, err)
	}
	ix.Dir = k.ModulesWhere
	l := &modload.Loader{Dir: k.ModulesWhere, FS: k.Modules, Index: ix, Log: func(format string, args ...any) {
		fmt.Fprintf(stderr, "airroot modules: "+format+"\n", args...)
	}}
	names, err := moduleNames(l, stdout, fl.Args())
	if err != nil {
		return err
	}
	mods, err := l.Closure(names...)
	if err != nil {
		return err
	}
	var fw *firmwareTree
	if *firmwareDir != "" {
		fw = &firmwareTree{dir: *firmwareDir}
	}
	fmt.Fprintf(stdout, "kernel %s from %s, in load order:\n", k.Release, k.From)
	return printModules(stdout, k, ix, mods, fw)
}

// moduleNames turns the arguments into module names: a device's modalias
// (an argument with a ':') becomes the modules whose aliases match it, as
// mdev would load them, said on w first.
func moduleNames(l *modload.Loader, w io.Writer, args []string) ([]string, error) {
	var names []string
	for _, a := range args {
		if !strings.Contains(a, ":") {
			names = append(names, a)
			continue
		}
		mods, err := l.ModaliasModules(a)
		if err != nil {
			return nil, fmt.Errorf("modalias %s: %w", a, err)
		}
		if len(mods) == 0 {
			return nil, fmt.Errorf("modalias %s: no module of this kernel claims it", a)
		}
		fmt.Fprintf(w, "modalias %s: %s\n", a, strings.Join(mods, ", "))
		names = append(names, mods...)
	}
	return names, nil
}

func printModules(w io.Writer, k *kernel.Kernel, ix *modload.Index, mods []modload.Module, fw *firmwareTree) error {
	nameW, reasonW := 0, 0
	for _, m := range mods {
		nameW, reasonW = max(nameW, len(m.Name)), max(reasonW, len(m.Reason()))
	}
	var total int64
	for _, m := range mods {
		where, sz := "built into the kernel", ""
		if !m.Builtin {
			st, err := fs.Stat(k.Modules, m.Path)
			if err != nil {
				return fmt.Errorf("module %s: %w", m.Name, err)
			}
			where, sz, total = m.Path, size(st.Size()), total+st.Size()
		}
		fmt.Fprintf(w, "  %-*s  %-*s  %9s  %s\n", nameW, m.Name, reasonW, m.Reason(), sz, where)
		firmware, err := moduleFirmware(ix, m)
		if err != nil {
			fmt.Fprintf(w, "  %-*s  firmware unknown: %v\n", nameW, "", err)
		}
		for _, name := range firmware {
			fmt.Fprintf(w, "  %-*s  firmware %s%s\n", nameW, "", name, fw.describe(name))
		}
	}
	fmt.Fprintf(w, "%d modules, %s\n", len(mods), size(total))
	return nil
}

// moduleFirmware returns the firmware names m's .modinfo lists.
func moduleFirmware(ix *modload.Index, m modload.Module) ([]string, error) {
	if len(m.Firmware) > 0 || m.Builtin {
		return m.Firmware, nil
	}
	mi, err := ix.Modinfo(m.Name)
	return mi.Firmware, err
}

// firmwareTree tells which firmware files a tree has.
type firmwareTree struct{ dir string }

func (t *firmwareTree) describe(name string) string {
	if t == nil {
		return ""
	}
	found, err := initramfs.MatchFirmware(os.DirFS(t.dir), name)
	switch {
	case err != nil:
		return ": " + err.Error()
	case len(found) == 0:
		return ": MISSING from " + t.dir
	case len(found) == 1 && found[0] == name:
		return ": found"
	}
	return ": found " + strings.Join(found, " ")
}
