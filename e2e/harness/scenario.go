package harness

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// Pattern matches a console line that contains all its parts, in this order.
// Console lines are matched by substring because kernel printk output may be
// interleaved with airroot's lines.
type Pattern []string

// Match reports whether line contains every part of p, each after the previous one.
func (p Pattern) Match(line string) bool {
	for _, part := range p {
		i := strings.Index(line, part)
		if i < 0 {
			return false
		}
		line = line[i+len(part):]
	}
	return true
}

func (p Pattern) String() string { return fmt.Sprintf("%q", []string(p)) }

// Repeat asks for Count console lines matching Pattern.
type Repeat struct {
	Pattern Pattern
	Count   int
}

// ServerMode says what listens at the nfsroot= port.
type ServerMode int

const (
	// ServerUp serves the scenario's NFS root there.
	ServerUp ServerMode = iota
	// ServerDead leaves the port closed: nothing listens.
	ServerDead
)

// Scenario is one QEMU boot and what its console must show.
type Scenario struct {
	Name  string
	Board string
	// Cmdline is added to the board's and the NFS root's kernel parameters.
	Cmdline []string
	Server  ServerMode
	// RootWithoutInit leaves /sbin/init out of the NFS root.
	RootWithoutInit bool
	// RescueShell puts the guest program into the initramfs as /bin/sh.
	RescueShell bool
	// Expect lists console lines that must appear, in this order.
	Expect []Pattern
	// StopAfter, when set, ends the boot successfully once its pattern was seen Count times.
	StopAfter Repeat
	// ResultMode, when set, asks for a passing guest result line printed in that mode.
	ResultMode guestproto.Mode
	// WantSteps lists step names airroot's timeline line must have; empty: no timeline needed.
	WantSteps []string
	Timeout   time.Duration
	// AccessPoint, when set, makes a Wi-Fi scenario: the fixture runs first and sets
	// up this access point, bridged to the host's network, and airroot joins it as
	// Station says (both are needed).
	AccessPoint *AccessPoint
	Station     *Station
	// Keeper, when set, has the guest soak airroot's keeper and judges its figures.
	Keeper *KeeperSoak
	// BootFolder boots what airroot build --kernel-deb --out wrote, as a Pi's
	// firmware would (see bootFolder); wired scenarios only.
	BootFolder bool
	// Shell keeps QEMU running after the guest's result line until the guest's shell
	// exits; Env.Run sets it when Env.Shell is set.
	Shell bool
	// Require lists console lines that must each appear somewhere, in any order
	// (the modules loaded and what asked for them).
	Require []Pattern
	// Autoload, when set, chooses airroot's modules: the ones its configuration names
	// and the ones only put in, for mdev and the kernel's requests to load.
	Autoload *Autoload
	// DeviceRule, when set, goes into the initramfs as /etc/mdev.conf, and the guest
	// checks its effect from the new root.
	DeviceRule *DeviceRule
}

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Validate reports what is wrong with s, given the known boards.
func (s Scenario) Validate(boards map[string]Board) error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !namePattern.MatchString(s.Name) {
		add("name %q: want lowercase letters, digits and dashes", s.Name)
	}
	if _, ok := boards[s.Board]; !ok {
		add("board %q is not defined", s.Board)
	}
	if s.Timeout <= 0 {
		add("timeout %v: want a positive duration", s.Timeout)
	}
	if s.ResultMode == "" && s.StopAfter.Count == 0 {
		add("no end condition: set ResultMode or StopAfter")
	}
	if s.StopAfter.Count < 0 || (s.StopAfter.Count > 0) != (len(s.StopAfter.Pattern) > 0) {
		add("StopAfter wants both a pattern and a positive count, got %v x%d", s.StopAfter.Pattern, s.StopAfter.Count)
	}
	switch s.ResultMode {
	case "", guestproto.ModeNewRoot:
	case guestproto.ModeRescue:
		if !s.RescueShell || !s.hasParam("rd.shell") {
			add("result mode %s needs RescueShell and rd.shell on the command line", s.ResultMode)
		}
	default:
		add("result mode %q is unknown", s.ResultMode)
	}
	for i, p := range s.Expect {
		if len(p) == 0 {
			add("Expect[%d] is empty", i)
		}
	}
	if s.BootFolder && (s.AccessPoint != nil || s.RescueShell) {
		add("a boot-folder scenario boots the folder alone: no access point, no rescue shell")
	}
	for i, p := range s.Require {
		if len(p) == 0 {
			add("Require[%d] is empty", i)
		}
	}
	errs = append(errs, s.validateWiFi(boards)...)
	if s.Keeper != nil {
		errs = append(errs, s.Keeper.validate(s)...)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	return nil
}

// validateWiFi checks a Wi-Fi scenario's access point and station.
func (s Scenario) validateWiFi(boards map[string]Board) []error {
	switch {
	case s.AccessPoint == nil && s.Station == nil:
		return nil
	case s.AccessPoint == nil || s.Station == nil:
		return []error{errors.New("a Wi-Fi scenario needs both AccessPoint and Station")}
	}
	var errs []error
	if err := s.AccessPoint.Validate(); err != nil {
		errs = append(errs, err)
	}
	if !strings.Contains(s.Station.Config, "network={") {
		errs = append(errs, errors.New("station configuration has no network={...} block"))
	}
	if b, ok := boards[s.Board]; ok && b.NIC == "" {
		errs = append(errs, fmt.Errorf("board %s names no NIC to bridge to the access point", s.Board))
	}
	return errs
}

func (s Scenario) hasParam(name string) bool {
	for _, p := range s.Cmdline {
		if p == name || strings.HasPrefix(p, name+"=") {
			return true
		}
	}
	return false
}

// ValidateScenarios checks every scenario and that names are unique.
func ValidateScenarios(scenarios []Scenario, boards map[string]Board) error {
	var errs []error
	seen := map[string]bool{}
	for _, s := range scenarios {
		if seen[s.Name] {
			errs = append(errs, fmt.Errorf("scenario %s is defined twice", s.Name))
		}
		seen[s.Name] = true
		if err := s.Validate(boards); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
