package main

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

func TestBuildApp(t *testing.T) {
	dir := t.TempDir()
	prog := writeFile(t, dir, "box", "#!/bin/sh\necho hello\n")
	out := filepath.Join(dir, "i.cpio.gz")
	files, printed := buildFiles(t, out, "--init", testutil.FakeInit(t), "--kernel-deb", testDeb(t),
		"--app", prog, "--app-arg", "-listen", "--app-arg", ":80 and more")
	if files["usr/bin/app"] != "#!/bin/sh\necho hello\n" {
		t.Errorf("usr/bin/app = %q", files["usr/bin/app"])
	}
	if got, want := files["etc/airroot/app.args"], "-listen\n:80 and more\n"; got != want {
		t.Errorf("etc/airroot/app.args = %q, want %q", got, want)
	}
	if !strings.Contains(printed, "has no vfat") {
		t.Errorf("no warning that the kernel cannot read the card:\n%s", printed)
	}
}

func TestBuildAppErrors(t *testing.T) {
	dir := t.TempDir()
	prog := writeFile(t, dir, "box", "x")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "no such app", args: []string{"--app", filepath.Join(dir, "nothing")}, want: "--app:"},
		{name: "newline in an argument", args: []string{"--app", prog, "--app-arg", "a\nb"}, want: "--app-arg:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"build", "--init", testutil.FakeInit(t), "-o", filepath.Join(dir, "i.gz")}, tt.args...)
			if _, err := runAirroot(t, "", args...); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("build %v: %v, want an error with %q", tt.args, err, tt.want)
			}
		})
	}
}

func TestBuildApplianceFolder(t *testing.T) {
	dir := t.TempDir()
	prog := writeFile(t, dir, "box", "\x7fELF app")
	out := filepath.Join(dir, "boot")
	printed, err := runAirroot(t, "", "build", "--init", testutil.FakeInit(t), "--kernel-deb", testDeb(t), "--app", prog, "--out", out)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, printed)
	}
	line, err := os.ReadFile(filepath.Join(out, "cmdline.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(line), "console=serial0,115200 console=tty1 ip=dhcp\n"; got != want {
		t.Errorf("cmdline.txt = %q, want %q (no NFS root)", got, want)
	}
	sample, err := os.ReadFile(filepath.Join(out, "wpa_supplicant.conf"))
	if err != nil {
		t.Fatal(err)
	}
	if string(sample) != wifiSample {
		t.Errorf("wpa_supplicant.conf = %q", sample)
	}
	if strings.Contains(printed, "no_root_squash") {
		t.Errorf("the summary of an appliance asks for an NFS export:\n%s", printed)
	}
}

// The sample holds no network, so the built-in ones stay, and becomes one
// network once its block is uncommented.
func TestWiFiSample(t *testing.T) {
	cfg, _, err := conf.Parse(strings.NewReader(wifiSample))
	if err != nil || len(cfg.Networks) != 0 {
		t.Fatalf("sample: %v networks, %v; want none", cfg, err)
	}
	var lines []string
	for _, l := range strings.Split(wifiSample, "\n") {
		if strings.HasPrefix(l, "#network") || strings.HasPrefix(l, "#\t") || l == "#}" {
			l = l[1:]
		}
		lines = append(lines, l)
	}
	cfg, _, err = conf.Parse(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil || len(cfg.Networks) != 1 || cfg.Networks[0].SSID != "My Network" {
		t.Errorf("uncommented sample: %+v, %v; want the network \"My Network\"", cfg, err)
	}
}

// usbStorageDep is a modules.dep with what --automount asks for, and their
// dependencies, as Debian's 6.1 kernels have them.
const usbStorageDep = `kernel/drivers/usb/storage/usb-storage.ko: kernel/drivers/scsi/scsi_mod.ko kernel/drivers/usb/core/usbcore.ko
kernel/drivers/scsi/scsi_mod.ko: kernel/drivers/scsi/scsi_common.ko
kernel/drivers/scsi/scsi_common.ko:
kernel/drivers/usb/core/usbcore.ko: kernel/drivers/usb/common/usb-common.ko
kernel/drivers/usb/common/usb-common.ko:
kernel/drivers/scsi/sd_mod.ko: kernel/drivers/scsi/scsi_mod.ko kernel/lib/crc-t10dif.ko
kernel/lib/crc-t10dif.ko:
kernel/fs/fat/vfat.ko: kernel/fs/fat/fat.ko
kernel/fs/fat/fat.ko:
kernel/fs/nls/nls_cp437.ko:
kernel/fs/nls/nls_ascii.ko:
kernel/fs/ext4/ext4.ko: kernel/fs/jbd2/jbd2.ko kernel/fs/mbcache.ko
kernel/fs/jbd2/jbd2.ko:
kernel/fs/mbcache.ko:
`

func TestBuildAutomount(t *testing.T) {
	dir := t.TempDir()
	prog := writeFile(t, dir, "box", "\x7fELF app")
	deb := testDebWith(t, usbStorageDep)
	tests := []struct {
		name      string
		automount bool
		want      []string // modules in the initramfs
		wantNot   []string
	}{
		{name: "--automount", automount: true,
			want: []string{"usb-storage", "scsi_mod", "scsi_common", "usbcore", "usb-common", "sd_mod", "crc-t10dif",
				"vfat", "fat", "nls_cp437", "nls_ascii", "ext4", "jbd2", "mbcache"}},
		{name: "--app alone: the card's FAT only", want: []string{"vfat", "fat", "nls_cp437", "nls_ascii", "usb-storage"},
			wantNot: []string{"ext4", "jbd2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"--init", testutil.FakeInit(t), "--kernel-deb", deb, "--app", prog}
			if tt.automount {
				args = append(args, "--automount")
			}
			files, printed := buildFiles(t, filepath.Join(t.TempDir(), "i.cpio.gz"), args...)
			have := map[string]bool{}
			for name := range files {
				if strings.HasSuffix(name, ".ko") {
					have[strings.TrimSuffix(path.Base(name), ".ko")] = true
				}
			}
			for _, m := range tt.want {
				if !have[m] {
					t.Errorf("no %s.ko in the initramfs; it has %v\n%s", m, have, printed)
				}
			}
			for _, m := range tt.wantNot {
				if have[m] {
					t.Errorf("%s.ko in the initramfs", m)
				}
			}
		})
	}
}

func TestBuildAutomountFolder(t *testing.T) {
	dir := t.TempDir()
	prog := writeFile(t, dir, "box", "\x7fELF app")
	out := filepath.Join(dir, "boot")
	printed, err := runAirroot(t, "", "build", "--init", testutil.FakeInit(t), "--kernel-deb", testDebWith(t, usbStorageDep),
		"--app", prog, "--automount", "--cmdline-extra", "quiet", "--out", out)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, printed)
	}
	line, err := os.ReadFile(filepath.Join(out, "cmdline.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(line), "console=serial0,115200 console=tty1 ip=dhcp airroot.automount quiet\n"; got != want {
		t.Errorf("cmdline.txt = %q, want %q", got, want)
	}
	if _, err := runAirroot(t, "", "build", "--init", testutil.FakeInit(t), "--automount", "-o", filepath.Join(dir, "x.gz")); err == nil ||
		!strings.Contains(err.Error(), "give --app") {
		t.Errorf("--automount without --app: %v, want an error saying to give --app", err)
	}
}
