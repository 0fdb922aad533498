package bootfolder

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with what the code writes now")

// golden compares got with testdata/NAME.golden, or rewrites the file with
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", p, diff)
	}
}

func TestCmdlineGolden(t *testing.T) {
	tests := []struct {
		name string
		c    Cmdline
	}{
		{name: "cmdline-dhcp-root", c: Cmdline{}},
		{name: "cmdline-nfsroot", c: Cmdline{NFSRoot: "192.168.1.2:/srv/pi,vers=3,tcp"}},
		{name: "cmdline-static-ip", c: Cmdline{NFSRoot: "10.0.0.1:/srv/pi-%s", IP: "10.0.0.7::10.0.0.1:255.255.255.0:pi::off"}},
		{name: "cmdline-appliance", c: Cmdline{Appliance: true, Extra: []string{"airroot.app.restart=on-failure"}}},
		{name: "cmdline-bootpart", c: Cmdline{BootPart: true}},
		{name: "cmdline-consoles-extra", c: Cmdline{Consoles: []string{"ttyAMA0,115200"}, NFSRoot: "server:/srv/pi", Extra: []string{"airroot.debug", "brcmfmac.roamoff=1", "quiet", "x=a b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, err := tt.c.Text()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, line+"\n")
		})
	}
}

func TestConfigGolden(t *testing.T) {
	tests := []struct {
		name string
		c    Config
	}{
		{name: "config-minimal", c: Config{Kernel: "vmlinuz-6.1.0-50-rpi", Initramfs: "initramfs.cpio.gz"}},
		{name: "config-debian-rpi", c: Config{Kernel: "vmlinuz-6.1.0-50-rpi", Initramfs: "initramfs.cpio.gz", UpstreamDeviceTrees: true, SerialConsole: true}},
		{name: "config-arm64", c: Config{Kernel: "vmlinuz-6.1.0-50-arm64", Initramfs: "initramfs.cpio.zst", UpstreamDeviceTrees: true, SerialConsole: true, Arm64: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, err := tt.c.Text()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, text)
		})
	}
}
