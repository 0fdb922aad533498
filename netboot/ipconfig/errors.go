package ipconfig

import (
	"errors"
	"fmt"

	"github.com/airroot/airroot/internal/errkind"
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

// invalidf, tooLongf and unsupportedf explain one of the sentinel errors without
// repeating its text, so messages read "not an IPv4 address" rather than
// "invalid: not an IPv4 address".
func invalidf(format string, args ...any) error {
	return errkind.Errorf(ErrInvalid, format, args...)
}

func tooLongf(format string, args ...any) error {
	return errkind.Errorf(ErrTooLong, format, args...)
}

func unsupportedf(format string, args ...any) error {
	return errkind.Errorf(ErrUnsupported, format, args...)
}
