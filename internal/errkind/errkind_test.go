package errkind

import (
	"errors"
	"testing"
)

var (
	errKind  = errors.New("kind")
	errCause = errors.New("cause")
)

func TestErrorf(t *testing.T) {
	err := Errorf(errKind, "field %q: %w", "x", errCause)
	if got, want := err.Error(), `field "x": cause`; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if !errors.Is(err, errKind) || !errors.Is(err, errCause) {
		t.Errorf("%v lost its kind or its cause", err)
	}
}

func TestMark(t *testing.T) {
	err := Mark(errCause, errKind)
	if err.Error() != "cause" || !errors.Is(err, errKind) || !errors.Is(err, errCause) {
		t.Errorf("Mark(%v) = %v: message changed or an identity lost", errCause, err)
	}
	if Mark(nil, errKind) != nil {
		t.Error("Mark(nil) is not nil")
	}
}
