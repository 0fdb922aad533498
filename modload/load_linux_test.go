package modload

import (
	"errors"
	"io/fs"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// TestEEXISTIsErrExist guards the loader's use of fs.ErrExist for the
// kernel's "already loaded".
func TestEEXISTIsErrExist(t *testing.T) {
	if err := os.NewSyscallError("finit_module", unix.EEXIST); !errors.Is(err, fs.ErrExist) {
		t.Errorf("finit_module's EEXIST (%v) does not match fs.ErrExist", err)
	}
}

func TestDefaultDir(t *testing.T) {
	var uts unix.Utsname
	if err := unix.Uname(&uts); err != nil {
		t.Fatal(err)
	}
	dir, err := defaultDir()
	if want := "/lib/modules/" + unix.ByteSliceToString(uts.Release[:]); err != nil || dir != want {
		t.Errorf("defaultDir() = %q, %v, want %q", dir, err, want)
	}
}

// TestIntegrationProcModules reads this machine's /proc/modules.
func TestIntegrationProcModules(t *testing.T) {
	if _, err := os.Stat("/proc/modules"); err != nil {
		t.Skip(err)
	}
	names, err := LoadedModules()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d modules loaded", len(names))
}
