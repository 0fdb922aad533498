// Package reason gives an error its own words while errors.Is still finds the
// sentinel it belongs to, so that a parser's message reads
// `root directory "foo" is not an absolute path` rather than
// "bad root directory: root directory ...", and a caller can still test for
// the kind of mistake.
package reason

import "fmt"

// Errorf returns an error whose text is the formatted message and which
// unwraps to kind.
func Errorf(kind error, format string, args ...any) error {
	return &reason{kind: kind, msg: fmt.Sprintf(format, args...)}
}

type reason struct {
	kind error
	msg  string
}

func (r *reason) Error() string { return r.msg }

func (r *reason) Unwrap() error { return r.kind }
