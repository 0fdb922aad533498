package boot

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/airroot/airroot/init/cmdline"
	"golang.org/x/sys/unix"
)

// TestIntegrationOverlayOptions mounts an overlay with overlayOptions on
// this machine's kernel, over a read-only lower, and checks that a write
// lands in the upper layer only.
func TestIntegrationOverlayOptions(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount")
	}
	dir := t.TempDir()
	lower, rw, merged := filepath.Join(dir, "lower"), filepath.Join(dir, "rw"), filepath.Join(dir, "merged")
	for _, d := range []string{lower, rw, merged} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(lower, "shared"), []byte("root"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("tmpfs", rw, "tmpfs", 0, tmpfsOptions(&cmdline.Overlay{Size: "1m"})); err != nil {
		t.Skipf("no tmpfs here: %v", err)
	}
	defer unix.Unmount(rw, unix.MNT_DETACH)
	upper, work := filepath.Join(rw, "upper"), filepath.Join(rw, "work")
	for _, d := range []string{upper, work} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := unix.Mount("overlay", merged, "overlay", 0, overlayOptions(lower, upper, work)); err != nil {
		t.Fatalf("mount overlay with %q: %v", overlayOptions(lower, upper, work), err)
	}
	defer unix.Unmount(merged, unix.MNT_DETACH)
	if err := os.WriteFile(filepath.Join(merged, "mine"), []byte("board"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(merged, "shared"), filepath.Join(merged, "moved")); err != nil {
		t.Errorf("rename a lower file: %v", err)
	}
	for _, tt := range []struct {
		path string
		want bool
	}{{filepath.Join(upper, "mine"), true}, {filepath.Join(lower, "mine"), false}, {filepath.Join(lower, "shared"), true}} {
		if _, err := os.Stat(tt.path); (err == nil) != tt.want {
			t.Errorf("%s exists = %v, want %v", tt.path, err == nil, tt.want)
		}
	}
}
