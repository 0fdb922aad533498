package scenario

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
)

// HotplugStick has the harness plug a USB stick into the board through QEMU's
// monitor once the app asks for it (guestproto.StickPlugLine), and pull it out once the
// app has read it (guestproto.StickPullLine): a FAT file system labelled Label holding
// one file of random bytes, which the app reads from /media/Label (airroot.automount).
type HotplugStick struct{ Label string }

func (h HotplugStick) validate(s Scenario) []error {
	var errs []error
	if !s.appliance() {
		errs = append(errs, errors.New("a hot-plugged stick is read by the app: set Boot.Card.App"))
	}
	if !s.hasParam("airroot.automount") {
		errs = append(errs, errors.New("a hot-plugged stick is mounted by airroot.automount: put it in Boot.Cmdline"))
	}
	switch b, ok := machine.Boards[s.Board]; {
	case ok && b.Stick == nil:
		errs = append(errs, fmt.Errorf("board %s takes no USB stick after boot (machine.Board.Stick)", s.Board))
	case ok && b.Stick.NICPort && hasNIC(s):
		errs = append(errs, fmt.Errorf("board %s's stick takes the port of its NIC: set Network to NoNetwork{}", s.Board))
	}
	if h.Label == "" || strings.ContainsAny(h.Label, "/ ") || len(h.Label) > 11 {
		errs = append(errs, fmt.Errorf("stick label %q: want up to 11 characters, no '/' or space", h.Label))
	}
	return errs
}

// The stick's image in the scenario's work folder, and its file.
const (
	stickImage = "stick.img"
	stickFile  = "airroot-e2e.bin"
	stickSize  = 64 << 10
)

// stickModules are what a stick needs besides FAT (fatModules, there for the card)
// and the board's USB controller: USB mass storage and its SCSI disk.
var stickModules = []string{"usb_storage", "sd_mod"}

// stickModulesFor are the modules s's stick needs on b; none without one.
func (s Scenario) stickModulesFor(b machine.Board) []string {
	if _, ok := findFault[HotplugStick](s); !ok || b.Stick == nil {
		return nil
	}
	return append(append([]string{}, b.Stick.Modules...), stickModules...)
}

// makeStick writes s's stick image in work and says what the app must find on it;
// nil without a HotplugStick.
func makeStick(s Scenario, work string) (*guestproto.Stick, error) {
	h, ok := findFault[HotplugStick](s)
	if !ok {
		return nil, nil
	}
	data := make([]byte, stickSize)
	rand.Read(data)
	if err := artifact.MakeDisk(filepath.Join(work, stickImage), h.Label, map[string][]byte{stickFile: data}); err != nil {
		return nil, fmt.Errorf("make the USB stick: %w", err)
	}
	sum := sha256.Sum256(data)
	return &guestproto.Stick{Label: h.Label, File: stickFile, SHA256: hex.EncodeToString(sum[:])}, nil
}

// stickPlugger plugs the stick in and pulls it out as the console asks, and times
// how long airroot took to mount and unmount it.
type stickPlugger struct {
	port    machine.StickPort
	monitor string // the monitor's socket
	image   string
	logf    func(format string, args ...any)

	mu                sync.Mutex
	plugged, pulled   time.Time // when device_add and device_del returned
	askedIn, askedOut bool
}

// newStickPlugger is s's plugger on b, or nil without a HotplugStick.
func (e *Env) newStickPlugger(s Scenario, b machine.Board, work string) *stickPlugger {
	if _, ok := findFault[HotplugStick](s); !ok || b.Stick == nil {
		return nil
	}
	return &stickPlugger{port: *b.Stick, monitor: filepath.Join(work, "monitor.sock"), image: filepath.Join(work, stickImage),
		logf: func(format string, args ...any) { e.logf(s.Name+": "+format, args...) }}
}

// qemuArgs are the monitor's and the controller's arguments; none without a stick.
func (p *stickPlugger) qemuArgs() []string {
	if p == nil {
		return nil
	}
	return append(machine.MonitorArgs(p.monitor), p.port.Args...)
}

// line acts on one console line: the app's requests, airroot's automount lines.
func (p *stickPlugger) line(line string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case strings.Contains(line, guestproto.StickPlugLine) && !p.askedIn:
		p.askedIn = true
		go p.plug()
	case strings.Contains(line, guestproto.StickPullLine) && !p.askedOut:
		p.askedOut = true
		go p.pull()
	case strings.Contains(line, "automount: ") && strings.Contains(line, " mounted at ") && !p.plugged.IsZero():
		p.logf("USB stick: device_add to %q: %.2f s", strings.TrimSpace(line), time.Since(p.plugged).Seconds())
	case strings.Contains(line, "automount: ") && strings.Contains(line, " unmounted from ") && !p.pulled.IsZero():
		p.logf("USB stick: device_del to %q: %.2f s", strings.TrimSpace(line), time.Since(p.pulled).Seconds())
	}
}

func (p *stickPlugger) plug() {
	cmds, _ := p.port.StickCommands(p.image)
	if p.run(cmds...) {
		p.mu.Lock()
		p.plugged = time.Now()
		p.mu.Unlock()
	}
}

func (p *stickPlugger) pull() {
	_, cmd := p.port.StickCommands(p.image)
	if p.run(cmd) {
		p.mu.Lock()
		p.pulled = time.Now()
		p.mu.Unlock()
	}
}

// run sends cmds to the monitor; a failure is logged, and the app's check fails.
func (p *stickPlugger) run(cmds ...string) bool {
	m, err := machine.DialMonitor(p.monitor, 10*time.Second)
	if err != nil {
		p.logf("USB stick: %v", err)
		return false
	}
	defer m.Close()
	for _, cmd := range cmds {
		if _, err := m.Command(cmd); err != nil {
			p.logf("USB stick: %v", err)
			return false
		}
	}
	p.logf("USB stick: %s", strings.Join(cmds, "; "))
	return true
}

// testStickLabel is the label of the stick the scenarios plug in.
const testStickLabel = "STICK"

// withStick is s, an appliance, named name, with airroot.automount on and a stick
// plugged in once the app is up and pulled out once it was read: the console must say
// that airroot mounted it under /media and then unmounted it, the app that it read the
// stick's file (issue 15's "hotplug stays on").
func withStick(s Scenario, name string) Scenario {
	s.Name = name
	s.Boot.Cmdline = append(slices.Clone(s.Boot.Cmdline), "airroot.automount")
	if b, ok := machine.Boards[s.Board]; ok && b.Stick != nil {
		s.Boot.Cmdline = append(s.Boot.Cmdline, b.Stick.Cmdline...)
	}
	s.Faults = append(slices.Clone(s.Faults), HotplugStick{Label: testStickLabel})
	automount := func(what string) Pattern {
		return Pattern{"airroot: ", "automount: sda1 (" + testStickLabel + ") " + what + " /media/" + testStickLabel}
	}
	s.Checks.Expect = append(slices.Clone(s.Checks.Expect), automount("mounted at"), automount("unmounted from"))
	return s
}
