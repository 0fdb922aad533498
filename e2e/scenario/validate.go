package scenario

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
)

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Validate reports what is wrong with s, given the known boards.
func (s Scenario) Validate(boards map[string]machine.Board) error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !namePattern.MatchString(s.Name) {
		add("name %q: want lowercase letters, digits and dashes", s.Name)
	}
	b, ok := boards[s.Board]
	if !ok {
		add("board %q is not defined", s.Board)
	}
	if s.Timeout <= 0 {
		add("timeout %v: want a positive duration", s.Timeout)
	}
	if s.Network == nil {
		add("no network: set Ethernet{} or a WiFi")
	} else {
		errs = append(errs, s.Network.validate(b)...)
	}
	if bed, ok := s.WiFiBed(b); ok {
		if err := bed.AP.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if r := s.Boot.DeviceRule; r != nil && r.CommandFile != "" && !s.Boot.Shell {
		add("device rule %q has a command to check but Boot.Shell puts no /bin/sh in the initramfs", r.Conf)
	}
	if s.Boot.Shell && s.Boot.RescueShell {
		add("Shell and RescueShell both put a /bin/sh in the initramfs")
	}
	if c := s.Boot.Card; c != nil && (c.WiFi && !isWiFi(s) || s.Boot.BootFolder) {
		add("a card's wpa_supplicant.conf needs a Wi-Fi network, and a boot-folder scenario has no card")
	}
	if !hasNIC(s) && !s.appliance() {
		add("a board without a network boots no NFS root: set Boot.Card.App")
	}
	if s.Boot.BootFolder && (isWiFi(s) || s.Boot.RescueShell) {
		add("a boot-folder scenario boots the folder alone: no access point, no rescue shell")
	}
	errs = append(errs, s.validateReboot(b)...)
	errs = append(errs, s.Root.validate(s)...)
	errs = append(errs, s.Fleet.validate(s)...)
	errs = append(errs, s.validateChecks()...)
	for _, f := range s.Faults {
		errs = append(errs, f.validate(s)...)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	return nil
}

// validateChecks checks that s ends and that its checks can be met.
func (s Scenario) validateChecks() []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	c := s.Checks
	if c.Result == "" && c.StopAfter.Count == 0 {
		add("no end condition: set Checks.Result or Checks.StopAfter")
	}
	if c.StopAfter.Count < 0 || (c.StopAfter.Count > 0) != (len(c.StopAfter.Pattern) > 0) {
		add("StopAfter wants both a pattern and a positive count, got %v x%d", c.StopAfter.Pattern, c.StopAfter.Count)
	}
	switch c.Result {
	case "", guestproto.ModeNewRoot:
	case guestproto.ModeRescue:
		if !s.Boot.RescueShell || !s.hasParam("rd.shell") {
			add("result mode %s needs RescueShell and rd.shell on the command line", c.Result)
		}
	case guestproto.ModeApp:
		if !s.appliance() {
			add("result mode %s needs the guest on the card (Boot.Card.App)", c.Result)
		}
	default:
		add("result mode %q is unknown", c.Result)
	}
	for i, p := range c.Expect {
		if len(p) == 0 {
			add("Expect[%d] is empty", i)
		}
	}
	for i, p := range c.Require {
		if len(p) == 0 {
			add("Require[%d] is empty", i)
		}
	}
	if c.Keeper != nil {
		errs = append(errs, c.Keeper.validate(s)...)
	}
	return errs
}

// ValidateScenarios checks every scenario and that names are unique.
func ValidateScenarios(scenarios []Scenario, boards map[string]machine.Board) error {
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

// validate reports what cannot work in r for s.
func (r Root) validate(s Scenario) []error {
	var errs []error
	if e := r.exportPath(); !strings.HasPrefix(e, "/") || path.Clean(e) != e {
		errs = append(errs, fmt.Errorf("root export %q: want a clean absolute path", e))
	}
	switch r.Vers {
	case "", "3":
	case "4", "4.0", "4.1", "4.2":
		if r.Server != Ganesha {
			errs = append(errs, fmt.Errorf("root vers=%s: %s serves NFSv3 only; set Root.Server to Ganesha", r.Vers, r.Server))
		}
	default:
		errs = append(errs, fmt.Errorf("root vers=%s: want 3, 4, 4.0, 4.1 or 4.2", r.Vers))
	}
	if r.PathFromDHCP && !hasDHCPServer(s) {
		errs = append(errs, errors.New("a root-path from DHCP needs the access point's DHCP server: set ShortLease or WiFi.AP.DHCP"))
	}
	return errs
}
