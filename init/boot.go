package boot

import (
	"context"
	"os"
	"sync/atomic"
	"time"

	"github.com/airroot/airroot/init/app"
	"github.com/airroot/airroot/init/automount"
	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/init/cpuuse"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/internal/backoff"
	"github.com/airroot/airroot/mdev"
	"github.com/airroot/airroot/modload"
	"github.com/airroot/airroot/netboot"
	"github.com/airroot/airroot/netboot/keeper"
)

// newRootDir is where the real root is mounted before the switch.
var newRootDir = layout.NewRoot.Path

// defaultInit is what runs in the new root unless init= says otherwise.
const defaultInit = "/sbin/init"

// Boot is one boot of the board: its configuration, log, timeline and the
// network state the later steps build on.
type Boot struct {
	Log      *bootlog.Logger
	Timeline bootlog.Timeline
	Config   cmdline.Config
	Params   []string // the command line, split as the kernel splits it
	Net      *netboot.Net
	Backoff  backoff.Backoff
	Sleep    func(context.Context, time.Duration) error

	modules *modload.Loader // shared by the modules step and mdev
	mdev    *mdev.Daemon    // runs from the devices step to switch_root
	// devices is the devices step, running in the background: the NFS
	// root's network and mount do not wait for it (a wired link does), the
	// switch does.
	devices  *backgroundStep
	signals  chan os.Signal // what handleSignals handles
	cpuStart *cpuuse.Sample // the CPU time counted when /init began; nil if unread

	card     card         // the boot partition
	app      *app.Config  // appliance mode; nil for an NFS root
	noRoot   bool         // appliance mode only because no NFS root was named
	keeper   *keeper.Proc // appliance mode: held for as long as PID 1 runs
	stopping atomic.Bool  // shutdown has begun: the app is not restarted
	// automount mounts USB drives under /media in appliance mode
	// (airroot.automount); nil when not asked for.
	automount *automount.Automounter
}

// step runs one step of the boot, timed and logged.
func (b *Boot) step(name string, fn func() error) error {
	return b.Timeline.Run(b.Log, name, fn)
}

// retry runs fn until it succeeds, saying on the console what it waits for.
func (b *Boot) retry(ctx context.Context, step, what string, fn func(context.Context) error) error {
	return bootlog.Retry(ctx, b.Log, b.Sleep, b.Backoff, step, what, fn)
}

// hasParam reports whether the command line has the bare parameter name
// (e.g. rd.shell) or name=1/yes/true.
func (b *Boot) hasParam(name string) bool {
	for _, p := range b.Params {
		switch p {
		case name, name + "=1", name + "=yes", name + "=true", name + "=on":
			return true
		}
	}
	return false
}
