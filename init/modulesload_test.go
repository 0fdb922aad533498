package boot

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/modload"
	"github.com/google/go-cmp/cmp"
)

// TestLoadModulesGoesOn asks for modules some of which cannot load: the
// step must load the others, name each failure with its fix, and not stop
// the boot.
func TestLoadModulesGoesOn(t *testing.T) {
	tests := []struct {
		name       string
		ask        []string
		fail       map[string]bool // module files whose init fails
		wantLoaded []string
		wantLog    []string
	}{
		{name: "a typo in rd.modules-load=", ask: []string{"virtio_nett", "virtio_net"},
			wantLoaded: []string{"virtio_net.ko"},
			wantLog: []string{`modules: module "virtio_nett" not found`, "(continuing without it)",
				`to fix: check the spelling of "virtio_nett" in rd.modules-load=`}},
		{name: "a module the kernel refuses", ask: []string{"broken", "virtio_net"},
			fail: map[string]bool{"broken.ko": true}, wantLoaded: []string{"virtio_net.ko"},
			wantLog: []string{"broken.ko", "(continuing without it)", "to fix: the initramfs lacks a module or has one built for another kernel"}},
		{name: "all well", ask: []string{"virtio_net"}, wantLoaded: []string{"virtio_net.ko"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			saved := modulesLoadDir
			modulesLoadDir = t.TempDir()
			t.Cleanup(func() { modulesLoadDir = saved })
			var loaded []string
			var console strings.Builder
			b := &Boot{Log: &bootlog.Logger{Console: &console}, Config: cmdline.Config{ModulesLoad: tt.ask}}
			b.modules = &modload.Loader{Dir: "/m", Jobs: 1, FS: fstest.MapFS{
				"modules.dep":          &fstest.MapFile{Data: []byte("kernel/virtio_net.ko:\nkernel/broken.ko:\n")},
				"kernel/virtio_net.ko": &fstest.MapFile{Data: []byte("\x7fELF")},
				"kernel/broken.ko":     &fstest.MapFile{Data: []byte("\x7fELF")},
			},
				Init: func(f fs.File, _ string, _ int) error {
					fi, _ := f.Stat()
					if tt.fail[fi.Name()] {
						return fs.ErrInvalid
					}
					loaded = append(loaded, fi.Name())
					return nil
				},
				Loaded: func() ([]string, error) { return nil, nil },
			}
			if err := b.loadModules(); err != nil {
				t.Fatalf("loadModules() = %v, want the boot to go on", err)
			}
			if diff := cmp.Diff(tt.wantLoaded, loaded); diff != "" {
				t.Errorf("modules loaded (-want +got):\n%s", diff)
			}
			for _, line := range tt.wantLog {
				if !strings.Contains(console.String(), line) {
					t.Errorf("console %q lacks %q", console.String(), line)
				}
			}
			if len(tt.wantLog) == 0 && strings.Contains(console.String(), "continuing without") {
				t.Errorf("a failure logged when all loaded: %q", console.String())
			}
		})
	}
}
