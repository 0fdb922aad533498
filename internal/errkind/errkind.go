// Package errkind is airroot's one small error shape: an error that keeps
// its own message and is also of a kind, a sentinel that errors.Is finds.
// The parsers' reasons ("not an IPv4 address", which errors.Is finds as
// ipconfig.ErrInvalid) and the boot's "permanent" mark are made with it.
package errkind

import "fmt"

// Errorf returns an error whose message is fmt.Errorf's and which errors.Is
// also finds as kind.
func Errorf(kind error, format string, args ...any) error {
	return Mark(fmt.Errorf(format, args...), kind)
}

// Mark returns err, which errors.Is now also finds as kind; its message is
// unchanged. Mark(nil, kind) is nil.
func Mark(err, kind error) error {
	if err == nil {
		return nil
	}
	return &marked{err: err, kind: kind}
}

type marked struct{ err, kind error }

func (m *marked) Error() string   { return m.err.Error() }
func (m *marked) Unwrap() []error { return []error{m.err, m.kind} }
