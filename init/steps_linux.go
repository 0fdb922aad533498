package boot

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/init/switchroot"
	"github.com/airroot/airroot/modload"
	"github.com/airroot/airroot/netboot"
	"github.com/airroot/airroot/netboot/keeper"
	"github.com/airroot/airroot/netboot/nfsroot"
)

// modulesLoadDir is where modules-load.d(5) files list modules to load at boot
// (the builder writes layout.ModulesLoad there).
var modulesLoadDir = path.Dir(layout.ModulesLoad.Path)

// loadModules loads what /etc/modules-load.d and rd.modules-load= name,
// each with its dependencies. A module that fails to load does not stop the
// boot, as it does not stop systemd-modules-load: each failure is logged
// with its fix, the other modules are loaded, and if the network needed the
// module, the network's own wait says what it lacks.
func (b *Boot) loadModules() error {
	names, err := modulesToLoad(modulesLoadDir)
	if err != nil {
		b.Log.Warnf("modules: %v", err)
	}
	names = appendNew(names, b.Config.ModulesLoad...)
	if len(names) == 0 {
		b.Log.Infof("modules: none asked for")
		return nil
	}
	for _, err := range joined(b.loader().Load(names...)) {
		b.Log.Errorf("modules: %v (continuing without it)", err)
		b.Log.Errorf("to fix: %s", moduleFix(err))
	}
	return nil
}

// moduleFix says what to do about a module that did not load.
func moduleFix(err error) string {
	var nf *modload.NotFoundError
	if errors.As(err, &nf) && nf.NeededBy == "" {
		return fmt.Sprintf("check the spelling of %q in rd.modules-load=, modules-load= or %s, "+
			"or add the module to the initramfs with 'airroot build --modules'", nf.Name, modulesLoadDir)
	}
	return "the initramfs lacks a module or has one built for another kernel: rebuild it with 'airroot build' against the kernel you boot"
}

// joined splits an errors.Join into its errors; nil gives none.
func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err != nil {
		return []error{err}
	}
	return nil
}

// kernelModprobe is where the kernel looks for its modprobe helper.
const kernelModprobe = "/proc/sys/kernel/modprobe"

// serveModprobe makes /init the kernel's modprobe helper while we run, so
// the kernel's own requests (crypto-ccm when a CCMP key is installed, fs-nfs
// at mount) are answered without a modprobe binary.
func (b *Boot) serveModprobe() {
	if err := os.WriteFile(kernelModprobe, []byte("/init\n"), 0); err != nil {
		b.Log.Warnf("modules: the kernel's module requests will fail: %v", err)
	}
}

// handBackModprobe gives the new system the usual helper before the switch:
// /init is about to be deleted.
func handBackModprobe() {
	_ = os.WriteFile(kernelModprobe, []byte("/sbin/modprobe\n"), 0)
}

// modulesToLoad reads every *.conf in dir in name order.
func modulesToLoad(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.conf"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var names []string
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			return names, fmt.Errorf("read %s: %w", f, err)
		}
		more, err := parseModulesLoad(r)
		r.Close()
		if err != nil {
			return names, fmt.Errorf("read %s: %w", f, err)
		}
		names = appendNew(names, more...)
	}
	return names, nil
}

// mountRoot mounts the NFS root on newRootDir, waiting for the server; with
// airroot.overlay= it mounts it read-only below a RAM overlay instead, and
// with airroot.persist= it mounts the board's own directory inside.
func (b *Boot) mountRoot(ctx context.Context) error {
	spec, err := b.Net.RootSpec(b.Config.NFS, b.Config.NFSFromDHCP)
	if err != nil {
		return err
	}
	dir, readOnly := newRootDir, b.Config.ReadOnly
	if b.Config.Overlay != nil {
		dir, readOnly = overlayLowerDir, true // shared by every board: never written
	}
	for _, d := range []string{newRootDir, dir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", d, err)
		}
	}
	what := fmt.Sprintf("NFS server %s (%s)", spec.Server, spec.Path)
	if err := b.retry(ctx, layout.StepNFS, what, func(context.Context) error {
		return b.Net.MountRoot(spec, dir, readOnly)
	}); err != nil {
		return err
	}
	b.checkOwners(dir, spec)
	b.setReadahead(dir)
	if b.Config.Overlay != nil {
		if err := b.mountOverlay(); err != nil {
			return err
		}
	}
	if b.Config.Persist != nil {
		return b.mountPersist(ctx, spec, b.Net.Identity())
	}
	return nil
}

// setReadahead gives the NFS root mounted at dir the read-ahead window
// airroot.nfs.readahead= asks for (nfsroot.DefaultReadahead keeps the
// kernel's): the new root's init and the programs after it page in from
// there. It must be set before the switch, as the new root's own udev rule
// (nfs-utils' nfsrahead) comes after its init has paged in. A failure only
// costs speed.
func (b *Boot) setReadahead(dir string) {
	ra := nfsroot.DefaultReadahead
	if b.Config.NFSReadahead != nil {
		ra = *b.Config.NFSReadahead
	}
	if ra.Kernel {
		return
	}
	was, err := netboot.SetReadahead(dir, ra)
	if err != nil {
		b.Log.Warnf("nfs: read-ahead: %v (going on with the kernel's window: programs page in slower)", err)
		return
	}
	b.Log.Infof("nfs: read-ahead %d KiB (was %d KiB), as airroot.nfs.readahead= asks: a page fault in a program "+
		"reads this much around it, in READs of up to rsize", ra.KiB, was)
}

// switchRoot checks the new root's init, then makes it PID 1.
func (b *Boot) switchRoot(k *keeper.Proc) error {
	init := b.Config.Init
	if init == "" {
		init = defaultInit
	}
	if err := switchroot.CheckInit(newRootDir, init); err != nil {
		return WithFix(err, fmt.Sprintf("put an executable init at %s in the NFS root (systemd, busybox init, ...), "+
			"or name another with init= on the kernel command line; nothing was deleted", init))
	}
	if err := k.Switching(newRootDir); err != nil {
		b.Log.Warnf("switch_root: %v: it may stay in the initramfs, pinning it, and the new root's resolv.conf "+
			"will not follow the lease (going on: the root matters more)", err)
	}
	b.unmountCard()
	b.stopDevices()
	handBackModprobe()
	defer b.serveModprobe()
	start := b.Timeline.Now()
	return switchroot.Switch(switchroot.Options{
		NewRoot: newRootDir,
		Init:    init,
		Args:    os.Args[1:],
		Env:     initEnv(os.Environ()),
		BeforeExec: func() {
			b.Timeline.Add(bootlog.Step{Name: layout.StepSwitchRoot, Start: start, End: b.Timeline.Now()})
			b.Log.Infof("%s", b.Timeline.Line())
			b.Log.Infof("boot: %s", b.Timeline.Summary())
			b.logCPU(k.PID())
			b.Log.Infof("switch_root: exec %s", init)
			_ = os.WriteFile("/proc/sys/kernel/printk_devkmsg", []byte("ratelimit\n"), 0)
		},
		Log: b.Log.Infof,
	})
}
