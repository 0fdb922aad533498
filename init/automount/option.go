package automount

import (
	"errors"
	"fmt"
)

// ErrBadOption is wrapped by ParseOption's errors.
var ErrBadOption = errors.New("bad airroot.automount")

// ParseOption reads airroot.automount='s value: bare (""), 1, on, yes,
// true or ro turn it on, read-only; rw turns it on, read-write; 0, off, no
// or false leave it off. Anything else is an error, and off.
func ParseOption(value string) (on, readWrite bool, err error) {
	switch value {
	case "", "1", "on", "yes", "true", "ro":
		return true, false, nil
	case "rw":
		return true, true, nil
	case "0", "off", "no", "false":
		return false, false, nil
	}
	return false, false, fmt.Errorf("%w %q: want on, ro, rw or off", ErrBadOption, value)
}
