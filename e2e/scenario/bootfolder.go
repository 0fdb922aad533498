package scenario

import (
	"context"
	"os"
	"path/filepath"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/machine"
)

// bootFolder builds the boot folder for s on b into work/boot with airroot build and
// returns what to boot from it: the kernel and device tree, the initramfs and the
// command line. The marker goes into the initramfs with --add.
func (e *Env) bootFolder(ctx context.Context, s Scenario, b machine.Board, work string, ports Ports) (artifact.KernelFiles, string, string, error) {
	cache, err := artifact.CacheDir()
	if err != nil {
		return artifact.KernelFiles{}, "", "", err
	}
	marker := filepath.Join(work, "marker")
	if err := os.WriteFile(marker, randomMarker(markerSize), 0o644); err != nil {
		return artifact.KernelFiles{}, "", "", err
	}
	load, include := airrootModules(s, b)
	f, printed, err := artifact.BuildBootFolder(ctx, cache, artifact.BootFolderSpec{
		Airroot: e.Airroot, Init: e.Init, Kernel: b.Kernel, Modules: load, IncludeModules: include,
		NFSRoot: nfsroot(s.Root, ports), Add: []string{marker + ":" + markerPath}, Out: filepath.Join(work, "boot"),
	})
	e.logf("%s: %s", s.Name, printed)
	if err != nil {
		return artifact.KernelFiles{}, "", "", err
	}
	return f.Kernel, f.Initrd, f.Cmdline(b.Cmdline), nil
}
