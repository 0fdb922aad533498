package nfsroot

import (
	"errors"

	"github.com/airroot/airroot/internal/errkind"
)

// Errors wrapped by Error and by Resolve; test for them with errors.Is.
var (
	ErrNotAbsolute = errors.New("not an absolute path")
	ErrBadPath     = errors.New("bad root directory")
	ErrBadServer   = errors.New("bad server")
	ErrBadOption   = errors.New("bad option")
	ErrNoServer    = errors.New("no NFS server")
	ErrNoClient    = errors.New("no client address")
)

// Error is a malformed NFS root description. Param says where it came from: "nfsroot=",
// "root=" or "dhcp root-path".
type Error struct {
	Param string
	Err   error
}

func (e *Error) Error() string { return e.Param + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// because explains one of the sentinel errors in its own words, so that messages read
// `root directory "foo" is not an absolute path` with errors.Is still finding the sentinel.
func because(kind error, format string, args ...any) error {
	return errkind.Errorf(kind, format, args...)
}
