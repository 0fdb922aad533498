package boot

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/netboot"
	"github.com/airroot/airroot/netboot/keeper"
	"golang.org/x/sys/unix"
)

// Run is PID 1. It never returns: a boot that cannot finish says what to
// fix and then waits, reboots (panic=N) or opens a rescue shell (rd.shell),
// but PID 1 never exits, because the kernel panics when it does.
func Run() {
	b := newBoot()
	defer func() {
		if r := recover(); r != nil {
			b.halt(fmt.Errorf("internal error: %v\n%s", r, debug.Stack()))
		}
	}()
	b.halt(b.boot())
}

// boot is the seed's init script, one step a line; doc.go lists it with
// the keeper's half.
func (b *Boot) boot() error {
	ctx := context.Background()
	if err := b.step(layout.StepMount, mountKernelFilesystems); err != nil {
		return err
	}
	b.sampleCPU()
	b.readConfig()
	b.serveModprobe()
	b.chooseMode()
	var early *keeper.Proc
	cardRead := b.tryCard() // the keeper reads the card's Wi-Fi networks when it starts
	if cardRead && !b.appFirst() {
		early = b.startKeeperEarly() // joins Wi-Fi while the next two steps load drivers
	}
	if err := b.step(layout.StepModules, b.loadModules); err != nil {
		return err
	}
	// The coldplug yields the CPU to the Wi-Fi join and the lease until
	// a step waits for it: it is needed only by switch_root.
	b.devices = b.backgroundYielding(layout.StepDevices, func() error { return b.startDevices(ctx) })
	if !b.card.done || b.app != nil {
		// The card is among the devices; an app starts once they are
		// there, as seed 004's box after mdev -s.
		if err := b.devices.wait(); err != nil {
			return err
		}
	}
	if !b.card.done {
		if err := b.step(layout.StepBootPart, b.awaitCard); err != nil {
			return err
		}
	}
	if b.app != nil {
		return b.runAppliance(ctx, early) // the app beside the network, mdev on
	}
	keeper, err := b.bringUpNetwork(ctx, early) // link and address, in the keeper
	if err != nil {
		return err
	}
	if err := b.step(layout.StepNFS, func() error { return b.mountRoot(ctx) }); err != nil {
		return err
	}
	if err := b.devices.wait(); err != nil { // the new root gets every driver the coldplug loads
		return err
	}
	return b.switchRoot(keeper)
}

func newBoot() *Boot {
	b := &Boot{
		Log:     &bootlog.Logger{Console: os.Stdout},
		Backoff: bootlog.StepBackoff,
		Sleep:   bootlog.Sleep,
	}
	b.Timeline.Now = bootlog.Uptime
	b.handleSignals()
	b.catchCtrlAltDel()
	return b
}

// readConfig opens the console and the kernel log, then reads the command
// line. Malformed parameters are reported by name and otherwise ignored.
func (b *Boot) readConfig() {
	attachConsole()
	b.Log.Console = os.Stdout
	if b.Log.OpenKmsg() {
		// Our lines are few; the default rate limit would drop some.
		_ = os.WriteFile("/proc/sys/kernel/printk_devkmsg", []byte("on\n"), 0)
	}
	raw, err := os.ReadFile("/proc/cmdline")
	if err != nil {
		b.Log.Errorf("read /proc/cmdline: %v", err)
	}
	line := strings.TrimSpace(string(raw))
	b.Params = cmdline.Split(line)
	cfg, errs := cmdline.Parse(line)
	b.Config = cfg
	b.Log.Verbosity = bootlog.VerbosityOf(cfg.Debug, cfg.Quiet)
	for _, err := range errs {
		b.Log.Warnf("kernel command line: %v (ignored)", err)
	}
	var uts unix.Utsname
	_ = unix.Uname(&uts)
	b.Log.Infof("airroot %s on Linux %s, command line: %s", version(), unix.ByteSliceToString(uts.Release[:]), line)
	b.Net = netboot.New(b.Config.IP, b.Log.Infof)
}

// attachConsole makes sure stdin, stdout and stderr are the console: the
// kernel opens it for us only when the initramfs has /dev/console.
func attachConsole() {
	if _, err := unix.FcntlInt(1, unix.F_GETFD, 0); err == nil {
		return
	}
	fd, err := unix.Open("/dev/console", unix.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return
	}
	for i := 0; i < 3; i++ {
		_ = unix.Dup2(fd, i)
	}
	if fd > 2 {
		_ = unix.Close(fd)
	}
}

// version is the module version baked in by the go command, if any.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "(devel)"
}
