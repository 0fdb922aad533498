package mdev

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall"
	"time"
)

// ModuleLoader loads the kernel modules a device's MODALIAS names;
// *modload.Loader is one. ModaliasModules returns the modules whose
// aliases match a modalias, each once; LoadFor loads modules by name, each
// after the modules it needs, and logs each with why ("modalias
// virtio:d00000001v00001AF4 of /devices/...").
type ModuleLoader interface {
	ModaliasModules(modalias string) ([]string, error)
	LoadFor(why string, names ...string) error
}

// Source delivers uevent messages as the kernel sends them. Receive blocks
// for the next one; after Close it returns an error matching fs.ErrClosed.
// An error matching ErrEventsLost says events were dropped; the daemon logs
// it and reads on.
type Source interface {
	Receive() ([]byte, error)
	Close() error
}

// ErrEventsLost is returned by a Source whose kernel socket overflowed.
var ErrEventsLost = errors.New("uevent socket overflowed: the kernel dropped events")

// Daemon is the device manager of the initramfs. Set its fields, then Start
// it; Settle waits for the devices to be in; Stop hands hotplug over to the
// next system. The zero value works on the running system with no rules.
type Daemon struct {
	Sys      string   // sysfs mount; default /sys
	Dev      string   // devtmpfs mount; default /dev
	Firmware []string // where firmware files are; default /lib/firmware/updates, /lib/firmware
	Rules    []Rule   // from mdev.conf (ParseConf); the first match wins unless it has '-'

	Modules ModuleLoader // nil: no modules are loaded

	// Shell runs the commands of mdev.conf (@, $ and * fields) as busybox
	// mdev does: `Shell -c COMMAND` in Dev, with the event's variables
	// (ACTION, DEVPATH, SUBSYSTEM, MODALIAS...) and MDEV, the node's name,
	// over PID 1's environment, each command of an event in rule order, its
	// output logged. Default /bin/sh. When it is missing, Start names each
	// rule whose command cannot run, once.
	Shell string
	// CommandTimeout bounds each command, for the events after it wait;
	// default 10s. A command still running then is killed with what it
	// started, and reported.
	CommandTimeout time.Duration
	// Wait waits for a command's process to end, for a PID 1 that reaps
	// every child itself (os.Process.Wait would find the child gone); nil:
	// os.Process.Wait.
	Wait func(pid int) syscall.WaitStatus

	// Notify, when set, sees every add and remove event after its rules
	// were applied (the node is in place, or gone), in the order the events
	// came, on the dispatcher: it must hand the work to a goroutine of its
	// own (the automounter).
	Notify func(Event)

	Log   func(format string, args ...any) // modules, firmware, problems; nil: nothing
	Debug func(format string, args ...any) // every event and node change; nil: nothing

	Source       Source        // nil: the kernel's uevent netlink socket, opened by Start
	MountShm     bool          // mount a tmpfs on /dev/shm
	FirmwareWait time.Duration // how long to wait for a firmware device's "loading" file; default 10s

	// Trigger makes the coldplug ask the kernel to announce every device
	// again, by writing "add" to its uevent file as udevadm trigger does,
	// instead of reading the uevent files and handling what they say here
	// as busybox mdev -s does. The events are then the kernel's own, seen
	// by every uevent listener and by the kernel's uevent helper, at the
	// cost of a kernel round trip per device (a Pi 1 under QEMU, on a
	// loaded host: 7.8 s to ask 197 devices, 2.1-2.9 s to read them, and
	// a quiet time to settle): set it when something besides this daemon
	// must see the coldplug's events.
	Trigger bool
	// ModuleJobs is how many MODALIAS module loads run at once; default 4.
	// Modules is called from that many goroutines: it must be safe for
	// concurrent use, as *modload.Loader is.
	ModuleJobs int

	src       Source
	run       runner                        // runs the commands; default shellRun
	noShell   bool                          // Shell is missing: the commands are not run
	anyOnBoth bool                          // a rule has a '*' command: events besides add and remove are matched too
	trigger   func(path, uuid string) error // writes "add UUID" (or "add") to a uevent file
	seqnum    func() (uint64, error)        // reads the kernel's last uevent number
	synthUUID string                        // tags the coldplug's events
	now       func() time.Time
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	track     *tracker
	events    *queue[queuedEvent]
	modules   *queue[moduleJob]
	requested map[string]bool        // modules asked for already; the dispatcher's
	noAliases bool                   // the modalias lookup failed and said so; the dispatcher's
	added     map[string]eventOrigin // DEVPATHs of the devices added; the dispatcher's
	fwMu      sync.Mutex
	fwInHand  map[string]bool // DEVPATHs of the firmware requests being answered
	ueventBuf []byte          // the coldplug's, for every uevent file it reads
	closeOnce sync.Once
	closeErr  error
	stopOnce  sync.Once
}

func (d *Daemon) setDefaults() {
	if d.Sys == "" {
		d.Sys = "/sys"
	}
	if d.Dev == "" {
		d.Dev = "/dev"
	}
	if d.Firmware == nil {
		d.Firmware = []string{"/lib/firmware/updates", "/lib/firmware"}
	}
	if d.FirmwareWait == 0 {
		d.FirmwareWait = 10 * time.Second
	}
	if d.trigger == nil {
		d.trigger = func(path, uuid string) error {
			if uuid == "" {
				return writeAttr(path, "add")
			}
			return writeAttr(path, "add "+uuid)
		}
	}
	if d.seqnum == nil {
		d.seqnum = func() (uint64, error) { return readSeqnum(d.Sys) }
	}
	if d.Shell == "" {
		d.Shell = "/bin/sh"
	}
	if d.CommandTimeout <= 0 {
		d.CommandTimeout = 10 * time.Second
	}
	if d.ModuleJobs < 1 {
		d.ModuleJobs = 4
	}
	if d.now == nil {
		d.now = time.Now
	}
	if d.synthUUID == "" {
		d.synthUUID = newSynthUUID()
	}
}

// Start opens the uevent socket (unless Source is set) and starts handling
// events, prepares /dev (see PrepareDev), then coldplugs: it reads the
// uevent file of every device the kernel found before the socket was open
// (the device links only when a rule runs a command or Notify is set) and
// handles it as that device's add event (or, with Trigger, asks the kernel
// to announce every device again). A device that comes during the coldplug
// also gets its own event from the socket; handling a device twice is
// harmless (see handle). Start returns once every device was listed; the
// events are handled in the background (see Settle). An error from the
// coldplug leaves the daemon running: call Stop.
func (d *Daemon) Start(ctx context.Context) error {
	if d.track != nil {
		return errors.New("mdev: start: already started")
	}
	d.setDefaults()
	if err := d.compileRules(); err != nil {
		return err
	}
	if d.run == nil {
		d.run = d.shellRun
		d.checkShell()
	}
	d.src = d.Source
	if d.src == nil {
		src, err := dialUevent()
		if err != nil {
			return fmt.Errorf("mdev: listen for uevents: %w", err)
		}
		d.src = src
	}
	ctx, d.cancel = context.WithCancel(ctx)
	context.AfterFunc(ctx, func() { d.closeSource() })
	d.track = newTracker(d.now)
	// The uevents sent before the socket was open never come, nor maybe
	// those sent until now: the coldplug reads those devices.
	if n, err := d.seqnum(); err == nil {
		d.track.saw(n)
	}
	d.events = newQueue[queuedEvent]()
	d.modules = newQueue[moduleJob]()
	d.requested = make(map[string]bool)
	d.added = make(map[string]eventOrigin)
	d.fwInHand = make(map[string]bool)
	if err := d.PrepareDev(); err != nil {
		d.logf("%v", err)
	}
	d.wg.Add(2 + d.ModuleJobs)
	go d.receive()
	go d.dispatch(ctx)
	for range d.ModuleJobs {
		go d.loadModules(ctx)
	}
	if d.Trigger {
		return d.coldplugTrigger(ctx)
	}
	return d.coldplug(ctx)
}

func (d *Daemon) compileRules() error {
	for i := range d.Rules {
		if err := d.Rules[i].compile(); err != nil {
			return fmt.Errorf("mdev: rule %q (line %d): %w", d.Rules[i].String(), d.Rules[i].Line, err)
		}
		d.anyOnBoth = d.anyOnBoth || d.Rules[i].Command.On == OnBoth
	}
	return nil
}

// Settle returns once every device of the coldplug was handled (with
// Trigger: every device asked has answered), nothing is in hand (no event
// queued, no module or firmware loading), every uevent the kernel sent
// before the coldplug's listing and each module load ended was read (what
// the drivers just loaded created: a USB NIC's interface), and no event
// arrived for quiet (for what a driver probes asynchronously), so the boot
// can go on with the devices in; or with an error saying what is pending
// when ctx is done.
func (d *Daemon) Settle(ctx context.Context, quiet time.Duration) error {
	if d.track == nil {
		return errors.New("mdev: settle: the daemon is not started")
	}
	abandoned, err := d.track.settle(ctx, quiet)
	if n := abandoned[busyColdplug]; n > 0 {
		d.logf("mdev: coldplug: %d devices did not answer within %v; going on without their events", n, answerPatience)
	}
	if abandoned[busyUevents] > 0 {
		d.logf("mdev: the kernel's uevents up to the last module load did not all come within %v (a device of another network namespace?); going on", ueventPatience)
	}
	return err
}

// Stop closes the uevent socket, so hotplug events go to the next system's
// device manager, and returns once the module or firmware load in hand is
// done. Events not handled yet are dropped (the next system coldplugs).
func (d *Daemon) Stop() error {
	if d.track == nil {
		return nil
	}
	d.stopOnce.Do(func() {
		d.cancel()
		d.closeSource()
		d.wg.Wait()
		if n := d.events.len(); n > 0 {
			d.logf("mdev: stopped with %d events not handled", n)
		}
	})
	return d.closeErr
}

func (d *Daemon) closeSource() {
	d.closeOnce.Do(func() {
		if err := d.src.Close(); err != nil {
			d.closeErr = fmt.Errorf("mdev: close uevent socket: %w", err)
		}
	})
}

func (d *Daemon) logf(format string, args ...any) {
	if d.Log != nil {
		d.Log(format, args...)
	}
}

func (d *Daemon) debugf(format string, args ...any) {
	if d.Debug != nil {
		d.Debug(format, args...)
	}
}
