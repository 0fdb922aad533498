package ipconfig

import (
	"errors"
	"fmt"
)

// Errors wrapped by FieldError; test for them with errors.Is.
var (
	// ErrInvalid marks a field whose text is malformed.
	ErrInvalid = errors.New("invalid")
	// ErrTooLong marks a field longer than the kernel allows.
	ErrTooLong = errors.New("too long")
	// ErrUnsupported marks a form airroot recognises but does not implement, such as
	// dracut's IPv6 methods.
	ErrUnsupported = errors.New("not supported")
)

// FieldError reports a malformed part of an ip= value: which field, the text found there,
// and why it was rejected.
type FieldError struct {
	Field string // "gateway address", "netmask", "autoconf method", ... or "value" for the whole
	Value string
	Err   error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("ip=: bad %s %q: %v", e.Field, e.Value, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

// reason is an explanation that belongs to one of the sentinel errors without repeating
// its text, so messages read "not an IPv4 address" rather than "invalid: not an IPv4 address".
type reason struct {
	kind error
	msg  string
}

func (r *reason) Error() string { return r.msg }
func (r *reason) Unwrap() error { return r.kind }

func invalidf(format string, args ...any) error {
	return &reason{ErrInvalid, fmt.Sprintf(format, args...)}
}

func tooLongf(format string, args ...any) error {
	return &reason{ErrTooLong, fmt.Sprintf(format, args...)}
}

func unsupportedf(format string, args ...any) error {
	return &reason{ErrUnsupported, fmt.Sprintf(format, args...)}
}
