package reason

import (
	"errors"
	"testing"
)

func TestErrorf(t *testing.T) {
	errBad := errors.New("bad option")
	err := Errorf(errBad, "option %q: unknown", "vers=9")
	if got, want := err.Error(), `option "vers=9": unknown`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, errBad) {
		t.Errorf("errors.Is(%v, %v) = false, want true", err, errBad)
	}
	if errors.Is(err, errors.New("bad option")) {
		t.Errorf("errors.Is matched another sentinel with the same text")
	}
}
