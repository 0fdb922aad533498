package bootlog

import "errors"

// ErrPermanent marks an error that retrying cannot fix; test for it with
// errors.Is.
var ErrPermanent = errors.New("permanent")

type permanentError struct{ err error }

func (p permanentError) Error() string   { return p.err.Error() }
func (p permanentError) Unwrap() []error { return []error{p.err, ErrPermanent} }

// Permanent marks err as one that waiting will not fix.
func Permanent(err error) error { return permanentError{err} }
