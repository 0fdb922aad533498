package main

import (
	"fmt"

	"github.com/airroot/airroot/host/initramfs"
	"github.com/airroot/airroot/host/kernel"
	"github.com/airroot/airroot/modload"
)

// overlayParam is what --overlay writes into cmdline.txt: the NFS root
// read-only below a RAM overlay, for boards that share one root.
const overlayParam = "airroot.overlay=tmpfs"

// addOverlay puts overlay.ko in for --overlay: the kernel asks /init for
// fs-overlay when PID 1 mounts the overlay, so it is included, not loaded
// at every boot. A kernel that has it built in needs nothing; one without
// it at all gets a warning.
func addOverlay(spec *initramfs.Spec, f *buildFlags, k *kernel.Kernel) ([]string, error) {
	if !f.overlay || k == nil {
		return nil, nil
	}
	ix, err := modload.Open(k.Modules)
	if err != nil {
		return nil, fmt.Errorf("read modules tree %s: %w", k.ModulesWhere, err)
	}
	if _, ok := ix.Lookup("overlay"); ok {
		spec.IncludeModules = append(spec.IncludeModules, "overlay")
		return nil, nil
	}
	if ix.Builtin("overlay") {
		return nil, nil
	}
	return []string{fmt.Sprintf("kernel %s has no overlay file system: airroot.overlay=tmpfs will fail on it", k.Release)}, nil
}

// cmdlineExtraWithOverlay is --cmdline-extra, after airroot.overlay=tmpfs with
// --overlay (so that --cmdline-extra can still say otherwise).
func (f *buildFlags) cmdlineExtraWithOverlay() []string {
	if !f.overlay {
		return f.cmdlineExtra
	}
	return append([]string{overlayParam}, f.cmdlineExtra...)
}
