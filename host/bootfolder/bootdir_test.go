package bootfolder

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/host/kernel"
	"github.com/google/go-cmp/cmp"
)

func TestCmdlineErrors(t *testing.T) {
	tests := []struct {
		name string
		c    Cmdline
		want string
	}{
		{name: "bad nfsroot", c: Cmdline{NFSRoot: "server:relative"}, want: "--nfsroot"},
		{name: "bad ip", c: Cmdline{IP: "1.2.3"}, want: "ip="},
		{name: "console with space", c: Cmdline{Consoles: []string{"tty S0"}}, want: "console"},
		{name: "empty console", c: Cmdline{Consoles: []string{""}}, want: "console"},
		{name: "console= in the console value", c: Cmdline{Consoles: []string{"console=ttyS0,115200"}},
			want: `console "console=ttyS0,115200": want a device and options such as ttyS0,115200, without console=`},
		{name: "ip= in the ip value", c: Cmdline{IP: "ip=dhcp"}, want: "ip="},
		{name: "nfsroot= in the nfsroot value", c: Cmdline{NFSRoot: "nfsroot=10.0.0.1:/srv"}, want: `--nfsroot: nfsroot=: bad server "nfsroot=10.0.0.1"`},
		{name: "misspelt airroot knob", c: Cmdline{Extra: []string{"airroot.overlays=tmpfs"}}, want: "airroot.overlays: unknown airroot key"},
		{name: "NFS option after a space", c: Cmdline{NFSRoot: "10.0.0.1:/srv", Extra: []string{"vers=4"}}, want: "vers=4: an NFS option on its own"},
		{name: "quote in extra", c: Cmdline{Extra: []string{`a="b`}}, want: "one parameter"},
		{name: "empty extra", c: Cmdline{Extra: []string{""}}, want: "one parameter"},
		{name: "newline in extra", c: Cmdline{Extra: []string{"a=\"x\ny\""}}, want: "one parameter"},
		{name: "extra root overrides", c: Cmdline{Extra: []string{"root=/dev/mmcblk0p2"}}, want: "no NFS root"},
		{name: "extra ro", c: Cmdline{Extra: []string{"ro"}}, want: "read-only"},
		{name: "appliance with an nfsroot", c: Cmdline{Appliance: true, NFSRoot: "server:/srv"}, want: "no NFS root"},
		{name: "appliance with an extra root", c: Cmdline{Appliance: true, Extra: []string{"root=/dev/nfs"}}, want: "names an NFS root"},
		{name: "line break in ip", c: Cmdline{IP: "dhcp\nrdinit=/bin/sh"}, want: `(here "\n") cannot go in a value of cmdline.txt's one line`},
		{name: "carriage return in an appliance's ip", c: Cmdline{Appliance: true, IP: "dhcp\r"}, want: "one line"},
		{name: "line break in nfsroot", c: Cmdline{NFSRoot: "10.0.0.1:/srv/pi\nquiet"}, want: "one line"},
		{name: "quote in nfsroot", c: Cmdline{NFSRoot: `10.0.0.1:/srv/p"i`}, want: `(here "\"")`},
		{name: "quote in ip", c: Cmdline{IP: `10.0.0.5::10.0.0.1:255.255.255.0:"pi":wlan0:off`}, want: "cannot go in"},
		{name: "carriage return in console", c: Cmdline{Consoles: []string{"ttyS0,115200\r"}}, want: "console"},
		{name: "too long", c: Cmdline{Extra: []string{"x=" + strings.Repeat("a", 800)}}, want: "bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, err := tt.c.Text()
			if err == nil {
				t.Fatalf("Text = %q, want an error", line)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Text error %q does not say %q", err, tt.want)
			}
		})
	}
	if _, err := (Cmdline{Extra: []string{"ro"}}).Text(); !errors.Is(err, ErrCmdline) {
		t.Errorf("error %v is not ErrCmdline", err)
	}
}

func TestConfigRefusesPaths(t *testing.T) {
	for _, c := range []Config{{Kernel: "", Initramfs: "i"}, {Kernel: "a/b", Initramfs: "i"}, {Kernel: "k", Initramfs: "i j"}} {
		if _, err := c.Text(); err == nil {
			t.Errorf("Config%+v.Text: no error", c)
		}
	}
}

func TestHasSerialConsole(t *testing.T) {
	tests := map[string]bool{"serial0,115200": true, "ttyS1,115200": true, "ttyAMA0": true, "tty1": false, "tty0": false}
	for console, want := range tests {
		if got := HasSerialConsole([]string{console}); got != want {
			t.Errorf("HasSerialConsole(%s) = %v, want %v", console, got, want)
		}
	}
}

func TestDeviceTrees(t *testing.T) {
	fsys := fstest.MapFS{
		"bcm2835-rpi-zero-w.dtb":             {Data: []byte("zero-w")},
		"broadcom/bcm2837-rpi-3-b.dtb":       {Data: []byte("3b")},
		"allwinner/sun50i-a64-pine64.dtb":    {Data: []byte("pine")},
		"overlays/disable-bt.dtbo":           {Data: []byte("overlay")},
		"overlays/README":                    {Data: []byte("readme")},
		"bcm2835-rpi-zero-w.dts":             {Data: []byte("source")},
		"broadcom/overlays/miniuart-bt.dtbo": {Data: []byte("overlay 2")},
	}
	files, err := DeviceTrees(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	want := []string{"bcm2835-rpi-zero-w.dtb", "bcm2837-rpi-3-b.dtb", "overlays/disable-bt.dtbo", "overlays/miniuart-bt.dtbo"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !UpstreamNames(files) {
		t.Error("UpstreamNames = false for bcm2835-/bcm2837- trees")
	}
	fsys["bcm2708-rpi-zero-w.dtb"] = &fstest.MapFile{Data: []byte("downstream")}
	files, _ = DeviceTrees(fsys)
	if UpstreamNames(files) {
		t.Error("UpstreamNames = true with the Pi kernel's bcm2708- names present")
	}
	fsys["arm/bcm2835-rpi-zero-w.dtb"] = &fstest.MapFile{Data: []byte("again")}
	if _, err := DeviceTrees(fsys); err == nil {
		t.Error("two trees of the same name: no error")
	}
}

func TestExportsLine(t *testing.T) {
	tests := map[string]string{
		"":               "/srv/pi  *(rw,sync,no_subtree_check,no_root_squash)",
		"/export/root":   "/export/root  *(rw,sync,no_subtree_check,no_root_squash)",
		"/srv/pi-%s":     "/srv/pi-<client-ip>  *(rw,sync,no_subtree_check,no_root_squash)",
		"/srv/%s/rootfs": "/srv/<client-ip>/rootfs  *(rw,sync,no_subtree_check,no_root_squash)",
	}
	for dir, want := range tests {
		if got := ExportsLine(dir); got != want {
			t.Errorf("ExportsLine(%q) = %q, want %q", dir, got, want)
		}
	}
}

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "boot")
	files := []File{
		{Name: "config.txt", Data: []byte("kernel=k\n")},
		{Name: "overlays/x.dtbo", Data: []byte("o")},
		{Name: "initramfs.cpio.gz", Data: []byte("secret"), Private: true},
	}
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		data, err := os.ReadFile(p)
		if err != nil || string(data) != string(f.Data) {
			t.Errorf("%s = %q, %v", f.Name, data, err)
		}
		st, _ := os.Stat(p)
		want := fs.FileMode(0o644)
		if f.Private {
			want = 0o600
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", f.Name, st.Mode().Perm(), want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("folder holds %d entries, want 3 (no temporary files left)", len(entries))
	}
	if diff := cmp.Diff(FirmwareFiles, MissingFirmware(dir)); diff != "" {
		t.Errorf("MissingFirmware (-want +got):\n%s", diff)
	}
	if err := Write(dir, []File{{Name: "../escape", Data: []byte("x")}}); err == nil {
		t.Error("Write(../escape): no error")
	}
}

func TestBoards(t *testing.T) {
	tests := []struct {
		name    string
		cfg     kernel.Config
		want    string // a part of the answer; "" for none
		wantErr error
	}{
		{name: "no configuration", cfg: nil},
		{name: "ARMv6 and ARMv7", cfg: kernel.Config{"CONFIG_ARM": "y", "CONFIG_ARCH_MULTI_V6": "y", "CONFIG_ARCH_MULTI_V7": "y"}},
		{name: "Debian's rpi", cfg: kernel.Config{"CONFIG_ARM": "y", "CONFIG_ARCH_MULTI_V6": "y", "CONFIG_ARCH_MULTI_V6_V7": "y"},
			want: "the ARMv6 Pi 1, Zero and Zero W only, not a Pi 2, 3, 4 or Zero 2 W"},
		{name: "Debian's armmp", cfg: kernel.Config{"CONFIG_ARM": "y", "CONFIG_ARCH_MULTI_V7": "y", "CONFIG_ARCH_MULTI_V6_V7": "y"},
			want: "not the ARMv6 Pi 1, Zero and Zero W (use linux-image-rpi"},
		{name: "Debian's arm64", cfg: kernel.Config{"CONFIG_ARM64": "y"}, want: "a Pi 3, Pi 4 or Zero 2 W (arm64), not the ARMv6 Pi 1"},
		{name: "amd64", cfg: kernel.Config{"CONFIG_X86_64": "y", "CONFIG_RD_GZIP": "y"}, wantErr: ErrNotARM},
		{name: "ARM before multi-platform", cfg: kernel.Config{"CONFIG_ARM": "y", "CONFIG_ARCH_BCM2708": "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Boards(tt.cfg)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Boards error %v, want %v", err, tt.wantErr)
			}
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("Boards = %q, want one saying %q", got, tt.want)
			}
		})
	}
}
