package bootlog

import (
	"errors"

	"github.com/airroot/airroot/internal/errkind"
)

// ErrPermanent marks an error that retrying cannot fix: Retry stops at
// once. Test for it with errors.Is.
var ErrPermanent = errors.New("permanent")

// Permanent marks err as one that waiting will not fix.
func Permanent(err error) error { return errkind.Mark(err, ErrPermanent) }
