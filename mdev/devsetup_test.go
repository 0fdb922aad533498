package mdev

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPrepareDev(t *testing.T) {
	dev := t.TempDir()
	if err := os.WriteFile(filepath.Join(dev, "stdin"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var mounted []string
	saved := mountTmpfs
	t.Cleanup(func() { mountTmpfs = saved })
	mountTmpfs = func(dir, data string) error { mounted = append(mounted, dir+" "+data); return nil }
	d := &Daemon{Dev: dev, MountShm: true}
	if err := d.PrepareDev(); err != nil {
		t.Fatalf("PrepareDev() = %v", err)
	}
	links := map[string]string{}
	for _, name := range []string{"fd", "stdout", "stderr"} {
		links[name], _ = os.Readlink(filepath.Join(dev, name))
	}
	want := map[string]string{"fd": "/proc/self/fd", "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2"}
	if diff := cmp.Diff(want, links); diff != "" {
		t.Errorf("links in /dev (-want +got):\n%s", diff)
	}
	if fi, err := os.Lstat(filepath.Join(dev, "stdin")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("existing /dev/stdin replaced: %v, %v", fi, err)
	}
	fi, err := os.Stat(filepath.Join(dev, "shm"))
	if err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o777 || fi.Mode()&os.ModeSticky == 0 {
		t.Errorf("/dev/shm = %v, %v; want a directory with mode 1777", fi, err)
	}
	if diff := cmp.Diff([]string{filepath.Join(dev, "shm") + " mode=1777"}, mounted); diff != "" {
		t.Errorf("mounts (-want +got):\n%s", diff)
	}
	if err := d.PrepareDev(); err != nil {
		t.Errorf("PrepareDev() a second time = %v", err)
	}
}

func TestSysPath(t *testing.T) {
	d := &Daemon{Sys: "/sys"}
	tests := []struct {
		devpath, want string
	}{
		{"/devices/virtual/mem/null", "/sys/devices/virtual/mem/null"},
		{"/devices/../../etc", ""},
		{"devices/x", ""},
		{"/", ""},
		{"//devices", ""},
	}
	for _, tt := range tests {
		t.Run(tt.devpath, func(t *testing.T) {
			got, err := d.sysPath(tt.devpath)
			if tt.want == "" {
				if err == nil {
					t.Errorf("sysPath(%q) = %q, want an error", tt.devpath, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("sysPath(%q) = %q, %v; want %q", tt.devpath, got, err, tt.want)
			}
		})
	}
}
