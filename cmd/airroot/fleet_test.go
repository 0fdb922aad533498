package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/host/deb/debtest"
	"github.com/airroot/airroot/internal/testutil"
)

// overlayDeb is a linux-image package whose modules tree has overlay.ko,
// or has it built in.
func overlayDeb(t *testing.T, builtin bool) string {
	t.Helper()
	files := []debtest.File{
		{Name: "boot/vmlinuz-6.1.0-test", Data: "kernel image"},
		{Name: "boot/config-6.1.0-test", Data: "CONFIG_ARM=y\nCONFIG_ARCH_MULTI_V6=y\nCONFIG_RD_GZIP=y\n"},
		{Name: "lib/modules/6.1.0-test/modules.dep", Data: "kernel/fs/overlayfs/overlay.ko:\n"},
		{Name: "lib/modules/6.1.0-test/kernel/fs/overlayfs/overlay.ko", Data: "overlay"},
	}
	if builtin {
		files = append(files[:2], debtest.File{Name: "lib/modules/6.1.0-test/modules.dep", Data: ""},
			debtest.File{Name: "lib/modules/6.1.0-test/modules.builtin", Data: "kernel/fs/overlayfs/overlay.ko\n"})
	}
	return writeTestDeb(t, files)
}

func TestBuildOverlay(t *testing.T) {
	const overlayKo = "lib/modules/6.1.0-test/kernel/fs/overlayfs/overlay.ko"
	tests := []struct {
		name        string
		deb         func(t *testing.T) string
		args        []string
		wantModule  bool
		wantWarning bool
	}{
		{name: "module goes in", deb: func(t *testing.T) string { return overlayDeb(t, false) }, args: []string{"--overlay"}, wantModule: true},
		{name: "only with --overlay", deb: func(t *testing.T) string { return overlayDeb(t, false) }},
		{name: "built in", deb: func(t *testing.T) string { return overlayDeb(t, true) }, args: []string{"--overlay"}},
		{name: "kernel without overlay", deb: testDeb, args: []string{"--overlay"}, wantWarning: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "i.cpio.gz")
			files, printed := buildFiles(t, out, append([]string{"--init", testutil.FakeInit(t), "--kernel-deb", tt.deb(t)}, tt.args...)...)
			if _, got := files[overlayKo]; got != tt.wantModule {
				t.Errorf("%s in the initramfs = %v, want %v", overlayKo, got, tt.wantModule)
			}
			if got := strings.Contains(printed, "has no overlay file system"); got != tt.wantWarning {
				t.Errorf("warning that the kernel has no overlay = %v, want %v:\n%s", got, tt.wantWarning, printed)
			}
			if strings.Contains(files["etc/modules-load.d/airroot.conf"], "overlay") {
				t.Errorf("overlay is loaded at every boot; the kernel asks for it at mount")
			}
		})
	}
}

func TestBuildOverlayFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "boot")
	printed, err := runAirroot(t, "", "build", "--init", testutil.FakeInit(t), "--kernel-deb", overlayDeb(t, false), "--overlay",
		"--cmdline-extra", "airroot.persist=/srv/boards/%m", "--out", out)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, printed)
	}
	line, err := os.ReadFile(filepath.Join(out, "cmdline.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if want := " rw airroot.overlay=tmpfs airroot.persist=/srv/boards/%m\n"; !strings.HasSuffix(string(line), want) {
		t.Errorf("cmdline.txt = %q, want it to end %q", line, want)
	}
}
