package boot

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/airroot/airroot/init/app"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/netboot/keeper"
)

// chooseMode decides between an NFS root and appliance mode, and whether
// the card is read. Appliance mode is what an airroot.app* parameter, a
// built-in app (airroot build --app) or a command line without an NFS root
// asks for; the card is read in appliance mode, and for an NFS root when
// airroot.bootpart= asks.
func (b *Boot) chooseMode() {
	cfg, errs := app.Parse(b.Config.Airroot)
	for _, err := range errs {
		b.Log.Warnf("kernel command line: %v (ignored)", err)
	}
	noRoot := b.Config.NFS == nil && !b.Config.NFSFromDHCP
	builtIn := exists(layout.App.Path)
	if cfg.Asked || builtIn || noRoot {
		b.app = &cfg
		b.noRoot = !cfg.Asked && !builtIn
	}
	spec, given := b.cardSpec()
	b.card.spec, b.card.wanted = spec, given || b.app != nil
	b.setUpAutomount()
}

// appFirst reports whether the keeper starts with the app rather than
// early: in appliance mode, unless the app waits for the network
// (airroot.app.wait=network). On a one-core Pi 1 the keeper's start and
// Wi-Fi scan, beside the coldplug, made the devices step, and so the app's
// start, seconds later (4.7 s against 0.1 s alone); the join, begun after
// the coldplug, loses only the coldplug's time.
func (b *Boot) appFirst() bool {
	return b.app != nil && !b.app.WaitNetwork
}

// runAppliance is appliance mode after the devices step: it finds the app,
// has the keeper bring the network up beside it (first, with
// airroot.app.wait=network), says how the network is in app.NetworkFile,
// and supervises the app; the automounter, when asked for, runs beside it.
// It returns only what stops the boot before the app starts.
func (b *Boot) runAppliance(ctx context.Context, early *keeper.Proc) error {
	b.startAutomount(ctx)
	path, args, err := b.findApp()
	if err != nil {
		return err
	}
	b.writeNetwork(app.Network{State: app.NetworkWaiting})
	up := make(chan error, 1)
	go func() { up <- b.applianceNetwork(ctx, early) }()
	if b.app.WaitNetwork {
		b.Log.Infof("app: waiting for the network (airroot.app.wait=network)")
		if err := <-up; err != nil {
			return err
		}
	}
	b.superviseApp(path, args)
	return nil
}

// applianceNetwork brings the network up and writes app.NetworkFile.
func (b *Boot) applianceNetwork(ctx context.Context, early *keeper.Proc) error {
	k, err := b.bringUpNetwork(ctx, early)
	if err != nil {
		b.Log.Errorf("network: %v", err)
		if hint := hintOf(err); hint != "" {
			b.Log.Errorf("to fix: %s", hint)
		}
		b.writeNetwork(app.Network{State: app.NetworkFailed, Error: err.Error()})
		return err
	}
	b.keeper = k
	s := b.Net.State()
	b.writeNetwork(app.Network{State: app.NetworkUp, Interface: s.Interface, Address: s.Address, Gateway: s.Gateway, DNS: s.DNS})
	b.Log.Infof("network: %s %s up; %s", s.Interface, s.Address, app.NetworkFile)
	b.Log.Infof("%s", b.Timeline.Line())
	b.Log.Infof("boot: %s", b.Timeline.Summary())
	return nil
}

// writeNetwork replaces app.NetworkFile whole.
func (b *Boot) writeNetwork(n app.Network) {
	if err := app.WriteNetwork(app.NetworkFile, n); err != nil {
		b.Log.Warnf("app: %v", err)
	}
}

// findApp is the app to run and its arguments: airroot.app= (an absolute
// path, or a name on the card), else the built-in app, else app.DefaultName
// on the card. The arguments after "--" on the command line win over the
// built-in ones.
func (b *Boot) findApp() (string, []string, error) {
	path := b.app.Name
	switch {
	case path == "" && exists(layout.App.Path):
		path = layout.App.Path
	case path == "":
		path = filepath.Join(bootPartDir, app.DefaultName)
	case !filepath.IsAbs(path):
		path = filepath.Join(bootPartDir, path)
	}
	if err := checkRunnable(path); err != nil {
		fix := fmt.Sprintf("put a program or script called %s at the root of the card's boot partition, "+
			"name another with airroot.app=, or build one in with 'airroot build --app FILE'", app.DefaultName)
		if b.noRoot {
			// Most likely an NFS root was meant and its parameter forgotten.
			err = fmt.Errorf("no NFS root and no app: %w", err)
			fix = "for an NFS root, say nfsroot=SERVER:/PATH (or root=/dev/nfs, for DHCP's root-path) on the kernel command line; for an appliance, " + fix
		}
		return "", nil, WithFix(err, fix)
	}
	args := b.Config.InitArgs
	if len(args) == 0 {
		if data, err := os.ReadFile(layout.AppArgs.Path); err == nil {
			args = app.ParseArgs(data)
		}
	}
	return path, args, nil
}

// checkRunnable checks that path is a file, and that a script's
// interpreter is in the initramfs.
func checkRunnable(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("app: %s is not a file", path)
	}
	interp, err := interpreter(path)
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	if interp != "" && !exists(interp) {
		return WithFix(fmt.Errorf("app: %s is a script for %s, which is not in the initramfs", path, interp),
			fmt.Sprintf("add it: 'airroot build --add busybox:%s' (a static busybox), or run a static binary instead", interp))
	}
	return nil
}

// interpreter reads a script's #! line; "" for anything else.
func interpreter(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 128)
	n, err := f.Read(head)
	if err != nil && n == 0 {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return scriptInterpreter(head[:n]), nil
}

// scriptInterpreter is the program a "#!" line names, as execve(2) reads
// it: after optional blanks, up to the next blank or the line's end.
func scriptInterpreter(head []byte) string {
	s, ok := strings.CutPrefix(string(head), "#!")
	if !ok {
		return ""
	}
	line, _, _ := strings.Cut(s, "\n")
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return ""
	}
	return fields[0]
}

// exists reports whether path names something.
func exists(path string) bool { _, err := os.Stat(path); return err == nil }
