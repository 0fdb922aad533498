package cmdline

import (
	"errors"

	"github.com/airroot/airroot/internal/errkind"
)

// Errors reported by Parse for its own parameters; test for them with errors.Is. Errors
// about ip=, root= and nfsroot= come from the ipconfig and nfsroot packages.
var (
	// ErrNoValue marks a parameter that needs "=value" but has none.
	ErrNoValue = errors.New("no value")
	// ErrBadValue marks a parameter whose value is malformed.
	ErrBadValue = errors.New("bad value")
	// ErrIgnored marks a well-formed parameter that the rest of the command line overrides.
	ErrIgnored = errors.New("ignored")
	// ErrUnsupported marks a parameter airroot does not act on though the user
	// meant it to: a dracut network setting, an unknown airroot.* key.
	ErrUnsupported = errors.New("not supported")
)

// paramErrorf is an error message that belongs to one of the sentinel errors without
// repeating its text.
func paramErrorf(kind error, format string, args ...any) error {
	return errkind.Errorf(kind, format, args...)
}

// badValue reports a malformed value as `name=: bad value "v": why`.
func badValue(prm param, why string) error {
	return paramErrorf(ErrBadValue, "%s=: bad value %q: %s", prm.name, prm.value, why)
}
