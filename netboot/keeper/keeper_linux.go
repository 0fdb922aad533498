package keeper

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/internal/backoff"
	"github.com/airroot/airroot/netboot"
	"github.com/airroot/airroot/netboot/wifi"
	"golang.org/x/sys/unix"
)

// stateDir is where the keeper writes resolv.conf for the new root.
var stateDir = layout.State.Path

// Run is the keeper's main (argv[0] "@airroot"). As PID 1 starts it, it is
// the supervisor, which runs the worker (argv[1] "worker") and restarts it
// if it ends after the switch to the new root. The worker brings the root's
// network up, tells PID 1, follows it into the new root and keeps the
// network up from then on. It exits only on a failure PID 1 can retry.
func Run() {
	if len(os.Args) > 1 && os.Args[1] == workerArg {
		work()
	}
	supervise()
}

type keeper struct {
	log  *bootlog.Logger
	ctl  pid1
	tl   bootlog.Timeline
	net  *netboot.Net
	boot backoff.Backoff
	// settled closes when PID 1 says its devices have settled (or goes
	// away): only then is a missing interface worth a timeout.
	settled     chan struct{}
	settledOnce sync.Once
	// switched is set once the keeper follows PID 1 into the new root.
	switched atomic.Bool
	// status is where the worker reports its state to the supervisor;
	// resumed is what the supervisor gave it, kept up to date (under mu).
	status  io.Writer
	mu      sync.Mutex
	resumed resume
	// handshake and eapol are airroot.wifi.handshake= and airroot.wifi.eapol=.
	handshake wifi.HandshakeMode
	eapol     wifi.EAPOLPath
	// pmksa keeps SAE's and 802.1X's PMKs for rejoins; a restarted worker
	// starts with an empty one.
	pmksa *wifi.PMKSACache
	// avoid lists the access points that failed a join lately, tried last.
	avoid wifi.Avoid
	// rejoinRadio is the nl80211 client of every rejoin (see
	// rejoinOptions); nil until the first.
	rejoinRadio wifi.Radio
	// radio, when set, adjusts the options of every join (tests: a fake
	// nl80211 and link).
	radio func(*wifi.Options)
}

func (k *keeper) run(ctx context.Context) error {
	raw, err := os.ReadFile("/proc/cmdline")
	if err != nil {
		return fmt.Errorf("read /proc/cmdline: %w", err)
	}
	cfg, _ := cmdline.Parse(strings.TrimSpace(string(raw))) // PID 1 reported the errors
	k.log.Verbosity = bootlog.VerbosityOf(cfg.Debug, cfg.Quiet)
	k.handshake, k.eapol = cfg.WiFiHandshake, cfg.WiFiEAPOL
	k.pmksa = wifi.NewPMKSACache(wifi.PMKLifetime, nil)
	k.net = netboot.New(cfg.IP, k.log.Infof)
	wcfg, err := loadWiFiConfig(k.log, k.resumed.WiFiConfig)
	if k.resumed.Worker.Switched {
		if err != nil {
			return err
		}
		return k.carryOn(ctx, wcfg)
	}
	go k.followPID1()
	if err != nil {
		return k.fatal(err)
	}
	var gate *linkGate
	if wcfg != nil {
		session, err := k.joinWiFi(ctx, wcfg)
		if err != nil {
			return k.fatal(err)
		}
		// From the join on, a lost link is joined again: while the
		// address is awaited too, not only once PID 1 has the network.
		gate = newLinkGate()
		k.reportSession(session)
		go k.keepWiFi(ctx, wcfg, session, gate)
	} else if err := k.linkWhenSettled(ctx); err != nil {
		return err
	}
	name, what := layout.StepDHCP, "a DHCP lease on "+k.net.Interface()
	if k.net.Static() {
		name, what = layout.StepAddress, "the static address on "+k.net.Interface()
	}
	if err := k.step(ctx, name, what, gated(gate, k.net.Address)); err != nil {
		return err
	}
	if err := k.net.SaveState(stateDir); err != nil {
		k.log.Warnf("keeper: %v", err)
	}
	k.reportNet()
	if err := k.ctl.ready(k.net.State()); err != nil {
		return fmt.Errorf("tell PID 1 the network is up: %w", err)
	}
	return k.keep(ctx, wcfg == nil)
}

// keep holds the lease until ctx ends, telling of each lease taken, and of
// what a person must fix at error level: after the switch the kernel log is
// the keeper's only output, and the kernel echoes errors to the console. On
// a wired link it follows the carrier too (followCarrier).
func (k *keeper) keep(ctx context.Context, wired bool) error {
	k.net.OnLease(k.leaseTaken)
	k.net.SetErrorf(k.log.Errorf)
	if wired {
		go k.followCarrier(ctx)
	}
	return k.net.Keep(ctx, stateDir)
}

func (k *keeper) markSettled() { k.settledOnce.Do(func() { close(k.settled) }) }

// fatal tells PID 1 that the network cannot come up without a fix, and
// returns err for the keeper to exit with.
func (k *keeper) fatal(err error) error {
	if serr := k.ctl.fatal(err); serr != nil {
		k.log.Warnf("keeper: tell PID 1: %v", serr)
	}
	return err
}

// step runs one timed step with retries and reports it to PID 1.
func (k *keeper) step(ctx context.Context, name, what string, fn func(context.Context) error) error {
	err := k.tl.Run(k.log, name, func() error {
		return bootlog.Retry(ctx, k.log, bootlog.Sleep, k.boot, name, what, fn)
	})
	if serr := k.ctl.step(k.tl.Steps[len(k.tl.Steps)-1]); serr != nil {
		k.log.Warnf("keeper: tell PID 1: %v", serr)
	}
	return err
}

// linkWhenSettled is the "link" step of a wired root. PID 1 starts the
// keeper before its modules and devices steps; a NIC may still be on its
// way until they are done, so the step waits for them first, and says so:
// PID 1 then stops the coldplug yielding the CPU.
func (k *keeper) linkWhenSettled(ctx context.Context) error {
	if err := k.ctl.awaitingDevices(); err != nil {
		k.log.Warnf("keeper: tell PID 1: %v", err)
	}
	select {
	case <-k.settled:
	case <-ctx.Done():
		return ctx.Err()
	}
	return k.step(ctx, layout.StepLink, "a network interface with carrier", k.net.Link)
}

// followPID1 reads what PID 1 says: that its devices have settled, then
// where the new root is. It holds the new root open, says so (PID 1 waits
// for that before it moves the new root over /), and once PID 1 has
// exec'd the new init (our end of the socket sees EOF: PID 1's end is
// close-on-exec) makes it our root too, so /run, /dev and /proc are where
// the new system has them.
func (k *keeper) followPID1() {
	var root *os.File
	k.ctl.listen(k.markSettled, func(dir string) error {
		var err error
		if root, err = os.Open(dir); err != nil {
			k.log.Warnf("keeper: open the new root: %v", err)
		}
		return err
	})
	k.markSettled() // PID 1 is gone: nothing more is coming
	k.ctl.conn.Close()
	if root == nil {
		return // PID 1 went away without switching: stay where we are
	}
	defer root.Close()
	if err := unix.Fchdir(int(root.Fd())); err != nil {
		k.log.Warnf("keeper: enter the new root: %v", err)
		return
	}
	if err := unix.Chroot("."); err != nil {
		k.log.Warnf("keeper: chroot into the new root: %v", err)
		return
	}
	_ = unix.Chdir("/")
	// From here on the console belongs to the new system: log to the
	// kernel log only, where dmesg and the journal show it.
	k.log.SetConsole(nil)
	k.switched.Store(true)
	k.report(func(ws *workerState) { ws.Switched = true })
	k.log.Infof("keeper: pid %d keeps %s up for the new root", os.Getpid(), k.net.Interface())
	// The boot's work is done and the keeper idles from here: hand its
	// garbage back to the kernel now, not over the scavenger's next minutes.
	debug.FreeOSMemory()
	k.log.Infof("keeper: %s", memoryLine())
}
