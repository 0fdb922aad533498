package boot

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/mdev"
	"github.com/airroot/airroot/modload"
	"github.com/airroot/airroot/modload/modprobe"
	"golang.org/x/sys/unix"
)

// How long the devices step waits for coldplug to settle, and, with
// airroot.coldplug=trigger, how long without a uevent counts as settled
// once every device has answered the coldplug and nothing is in hand.
// When the coldplug reads the uevent files (the default) there is no quiet
// time: the step waits for the events the kernel sent until the listing
// and each module load ended (what the drivers just loaded created), not
// for what a driver probes later; a device that comes later still gets its
// driver (mdev runs on until switch_root), and the network steps wait for
// their interface themselves.
const (
	settleTimeout = 20 * time.Second
	settleQuiet   = 200 * time.Millisecond
)

// loader is the boot's one module loader, shared by the modules step and
// mdev (which loads by MODALIAS once the modules step is over).
func (b *Boot) loader() *modload.Loader {
	if b.modules != nil {
		return b.modules
	}
	conf, err := modprobe.LoadConf(os.DirFS("/"), b.Config.Modules.Blacklist)
	if err != nil {
		b.Log.Warnf("modules: %v", err)
	}
	var uts unix.Utsname
	_ = unix.Uname(&uts)
	b.modules = &modload.Loader{
		Dir:    "/lib/modules/" + unix.ByteSliceToString(uts.Release[:]),
		Params: b.Config.Modules.Params,
		Conf:   conf,
		// Module inits that wait on devices or firmware overlap even on
		// one core; the kernel serialises the rest.
		Jobs: 4,
		Log:  b.Log.Infof,
	}
	return b.modules
}

// startDevices plays mdev: it handles every existing device (coldplug: it
// reads their uevent files, or with airroot.coldplug=trigger asks the
// kernel to announce them again), loads drivers by MODALIAS, applies /etc/mdev.conf, answers
// firmware requests, and waits until the devices have settled. It keeps
// running, for devices that come later (a USB dongle's firmware), until
// stopDevices at switch_root.
func (b *Boot) startDevices(ctx context.Context) error {
	l := b.loader()
	root := os.DirFS("/")
	ids, err := mdev.ReadIDs(root)
	if err != nil {
		b.Log.Warnf("devices: %v", err)
	}
	rules, err := mdev.ReadConf(root, layout.MdevConf.InArchive(), ids)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		b.Log.Warnf("devices: /%s: %v (the other rules apply)", layout.MdevConf.InArchive(), err)
	}
	trigger := b.Config.Airroot["coldplug"] == "trigger"
	b.mdev = &mdev.Daemon{Rules: rules, Modules: l, Log: b.Log.Infof, Trigger: trigger, Shell: layout.Shell.Path,
		// mdev.conf's commands are our children: the reaper collects them.
		Wait: func(pid int) syscall.WaitStatus { return syscall.WaitStatus(reaper.wait(pid)) }}
	if b.automount != nil {
		b.mdev.Notify = b.automount.Notify // the coldplug's drives too
	}
	if b.Config.Debug {
		// A line per event and per node: without airroot.debug, those
		// lines would still go to /dev/kmsg, a write for each.
		b.mdev.Debug = b.Log.Debugf
	}
	if err := b.mdev.Start(ctx); err != nil {
		return err
	}
	settle, cancel := context.WithTimeout(ctx, settleTimeout)
	defer cancel()
	start := time.Now()
	quiet := time.Duration(0)
	if trigger {
		quiet = settleQuiet // a kernel that takes "add" without a UUID gives no other sign
	}
	if err := b.mdev.Settle(settle, quiet); err != nil {
		b.Log.Warnf("devices: still busy after %v: %v; going on", settleTimeout, err)
		return nil
	}
	b.Log.Infof("devices: settled %v after the coldplug", time.Since(start).Round(time.Millisecond))
	return nil
}

// stopDevices leaves hotplug to the new system.
func (b *Boot) stopDevices() {
	if b.mdev == nil {
		return
	}
	if err := b.mdev.Stop(); err != nil {
		b.Log.Warnf("devices: stop: %v", err)
	}
}
