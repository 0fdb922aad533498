package boot

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseModulesLoad(t *testing.T) {
	in := "# modules for the root\nvirtio-net\n\n; old style comment\n  nfsv3  \n"
	got, err := parseModulesLoad(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"virtio_net", "nfsv3"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestAppendNew(t *testing.T) {
	got := appendNew([]string{"a", "b"}, "b", "c", "a", "d")
	if diff := cmp.Diff([]string{"a", "b", "c", "d"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestInitEnv(t *testing.T) {
	got := initEnv([]string{"TERM=vt100", "LANG=C"})
	want := []string{"TERM=vt100", "LANG=C", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("kernel's values kept, defaults added (-want +got):\n%s", diff)
	}
}

func TestHint(t *testing.T) {
	base := errors.New("no executable init")
	err := fmt.Errorf("switch root: %w", WithFix(base, "put one there"))
	if got := hintOf(err); got != "put one there" {
		t.Errorf("hintOf = %q", got)
	}
	if !errors.Is(err, base) {
		t.Error("Fix hides the error it wraps")
	}
	if WithFix(nil, "x") != nil {
		t.Error("WithFix(nil) is not nil")
	}
	if hintOf(base) != "" {
		t.Error("hint found where there is none")
	}
}

func TestHasParam(t *testing.T) {
	b := &Boot{Params: []string{"console=ttyAMA0", "rd.shell", "airroot.shell=0"}}
	if !b.hasParam("rd.shell") {
		t.Error("rd.shell not found")
	}
	if b.hasParam("airroot.shell") {
		t.Error("airroot.shell=0 taken as on")
	}
	if b.hasParam("console") {
		t.Error("console=ttyAMA0 taken as a bare flag")
	}
}
