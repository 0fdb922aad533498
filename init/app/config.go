// Package app describes appliance mode, where PID 1 runs one program instead
// of switching to an NFS root: which program (airroot.app=), when it is
// started again after it ends (airroot.app.restart=, Restarts), what the
// board does once it is not (airroot.app.done=), whether it waits for the
// network (airroot.app.wait=), and the file that tells it about the network.
// Everything here is pure; PID 1 (package boot) does the running.
package app

import (
	"errors"
	"fmt"
	"strings"
)

// DefaultName is the program looked for on the boot partition when neither
// the initramfs nor airroot.app= names one: seed 004's "box".
const DefaultName = "box"

// Policy says when an app that ended is started again.
type Policy int

// The policies of airroot.app.restart=, as systemd's Restart= names them.
const (
	Always    Policy = iota // whatever the exit status (the default)
	OnFailure               // only after a non-zero status or a signal
	Never                   // never: the board does Done at once
)

var policyNames = map[string]Policy{"always": Always, "on-failure": OnFailure, "never": Never}

func (p Policy) String() string {
	for name, v := range policyNames {
		if v == p {
			return name
		}
	}
	return fmt.Sprintf("Policy(%d)", int(p))
}

// Done is what the board does once the app is not started again.
type Done int

// The actions of airroot.app.done=.
const (
	Halt     Done = iota // stop the processes and halt (the default: the console keeps the last lines)
	PowerOff             // stop the processes and power off
	Reboot               // stop the processes and reboot: a fresh start from the card
)

var doneNames = map[string]Done{"halt": Halt, "poweroff": PowerOff, "reboot": Reboot}

func (d Done) String() string {
	for name, v := range doneNames {
		if v == d {
			return name
		}
	}
	return fmt.Sprintf("Done(%d)", int(d))
}

// Config is appliance mode as the command line asks for it.
type Config struct {
	// Name is airroot.app=: an absolute path is in the initramfs, anything
	// else is a file on the boot partition; "" means the built-in app, else
	// DefaultName on the boot partition.
	Name        string
	Restart     Policy
	Done        Done
	WaitNetwork bool // airroot.app.wait=network: start the app once the network is up
	// Asked is set when a parameter named appliance mode (airroot.app or
	// any airroot.app.*).
	Asked bool
}

// ErrBadValue is wrapped by the errors of Parse.
var ErrBadValue = errors.New("bad value")

// Parse reads the airroot.app* keys of the airroot.* parameters (the
// command line's map, keys without "airroot."). Each bad value is reported
// by name and leaves the default in force.
func Parse(airroot map[string]string) (Config, []error) {
	var c Config
	var errs []error
	for key, value := range airroot {
		if key != "app" && !strings.HasPrefix(key, "app.") {
			continue
		}
		c.Asked = true
		if err := c.set(key, value); err != nil {
			errs = append(errs, fmt.Errorf("airroot.%s=%s: %w", key, value, err))
		}
	}
	return c, errs
}

func (c *Config) set(key, value string) error {
	switch key {
	case "app":
		if strings.ContainsRune(value, 0) {
			return fmt.Errorf("%w: a NUL in the name", ErrBadValue)
		}
		c.Name = value
	case "app.restart":
		p, ok := policyNames[value]
		if !ok {
			return fmt.Errorf("%w: want always, on-failure or never", ErrBadValue)
		}
		c.Restart = p
	case "app.done":
		d, ok := doneNames[value]
		if !ok {
			return fmt.Errorf("%w: want halt, poweroff or reboot", ErrBadValue)
		}
		c.Done = d
	case "app.wait":
		if value != "network" && value != "none" {
			return fmt.Errorf("%w: want network or none", ErrBadValue)
		}
		c.WaitNetwork = value == "network"
	default:
		return fmt.Errorf("%w: unknown key (known: airroot.app, .restart, .done, .wait)", ErrBadValue)
	}
	return nil
}

// ParseArgs reads the built-in app's arguments as the builder writes them:
// one a line, every byte but the newline kept.
func ParseArgs(data []byte) []string {
	s := strings.TrimSuffix(string(data), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// FormatArgs is ParseArgs's inverse; an argument holding a newline cannot
// be written.
func FormatArgs(args []string) ([]byte, error) {
	var b strings.Builder
	for _, a := range args {
		if strings.ContainsRune(a, '\n') {
			return nil, fmt.Errorf("app argument %q: %w: holds a newline", a, ErrBadValue)
		}
		b.WriteString(a + "\n")
	}
	return []byte(b.String()), nil
}
