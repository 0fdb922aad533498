package cmdline

import (
	"errors"
	"fmt"
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
)

// reason is an error message that belongs to one of the sentinel errors without repeating
// its text.
type reason struct {
	kind error
	msg  string
}

func (r *reason) Error() string { return r.msg }

func (r *reason) Unwrap() error { return r.kind }

func paramErrorf(kind error, format string, args ...any) error {
	return &reason{kind, fmt.Sprintf(format, args...)}
}

// badValue reports a malformed value as `name=: bad value "v": why`.
func badValue(prm param, why string) error {
	return paramErrorf(ErrBadValue, "%s=: bad value %q: %s", prm.name, prm.value, why)
}
