package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/host/bootfolder"
	"github.com/airroot/airroot/host/deb/debtest"
	"github.com/airroot/airroot/internal/testutil"
	"github.com/google/go-cmp/cmp"
)

// TestBuildOverExistingFolder builds into a folder that already holds boot
// files: a user's config.txt or cmdline.txt stops the build untouched, a
// card's wpa_supplicant.conf is kept, and airroot's own files are replaced.
func TestBuildOverExistingFolder(t *testing.T) {
	const (
		piOSConfig   = "dtparam=audio=on\ndtoverlay=vc4-kms-v3d\n"
		piOSCmdline  = "console=serial0,115200 console=tty1 root=PARTUUID=0a1b2c3d-02 rootfstype=ext4 fsck.repair=yes rootwait\n"
		cardNetworks = "network={\n\tssid=\"cafe\"\n\tpsk=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n}\n"
	)
	deb, init := testDeb(t), testutil.FakeInit(t)
	dir := t.TempDir()
	prog := writeFile(t, dir, "box", "\x7fELF app")
	tests := []struct {
		name    string
		before  map[string]string // the folder's files before the build
		args    []string
		wantErr error
		after   map[string]string // files that must then hold this
		gone    []string          // files that must then be gone
		say     string            // the summary says it
	}{
		{name: "Raspberry Pi OS config.txt", before: map[string]string{"config.txt": piOSConfig, "start.elf": "firmware"},
			wantErr: bootfolder.ErrNotOurs, after: map[string]string{"config.txt": piOSConfig}},
		{name: "a cmdline.txt without airroot's config.txt", before: map[string]string{"cmdline.txt": piOSCmdline},
			wantErr: bootfolder.ErrNotOurs, after: map[string]string{"cmdline.txt": piOSCmdline}},
		{name: "airroot's own folder", before: map[string]string{"config.txt": "# Written by airroot build.\nkernel=old\n", "cmdline.txt": "old"},
			after: map[string]string{"cmdline.txt": "console=serial0,115200 console=tty1 root=/dev/nfs ip=dhcp rw\n"}},
		{name: "airroot's folder from another kernel", before: map[string]string{
			"config.txt":        "# Written by airroot build.\nkernel=vmlinuz-6.1.0-old\ninitramfs initramfs.zst followkernel\n",
			"vmlinuz-6.1.0-old": "old kernel", "initramfs.zst": "old initramfs", "start.elf": "firmware"},
			after: map[string]string{"start.elf": "firmware"}, gone: []string{"vmlinuz-6.1.0-old", "initramfs.zst"},
			say: "removed the last build's vmlinuz-6.1.0-old and initramfs.zst, which config.txt no longer loads"},
		{name: "a card's edited wpa_supplicant.conf", before: map[string]string{"wpa_supplicant.conf": cardNetworks},
			args: []string{"--app", prog}, after: map[string]string{"wpa_supplicant.conf": cardNetworks},
			say: "kept the folder's own wpa_supplicant.conf"},
		{name: "an appliance's new folder", args: []string{"--app", prog},
			after: map[string]string{"wpa_supplicant.conf": wifiSample}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "boot")
			if err := os.Mkdir(out, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, content := range tt.before {
				writeFile(t, out, name, content)
			}
			args := append([]string{"build", "--init", init, "--kernel-deb", deb, "--out", out}, tt.args...)
			printed, err := runAirroot(t, "", args...)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("build: error %v, want %v\n%s", err, tt.wantErr, printed)
			}
			for name, want := range tt.after {
				got, err := os.ReadFile(filepath.Join(out, name))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, string(got)); diff != "" {
					t.Errorf("%s (-want +got):\n%s", name, diff)
				}
			}
			for _, name := range tt.gone {
				if _, err := os.Lstat(filepath.Join(out, name)); err == nil {
					t.Errorf("%s is still in the folder", name)
				}
			}
			if !strings.Contains(printed, tt.say) {
				t.Errorf("the summary does not say %q:\n%s", tt.say, printed)
			}
			if tt.wantErr == nil {
				return
			}
			if _, err := os.Stat(filepath.Join(out, "vmlinuz-6.1.0-test")); err == nil {
				t.Error("a refused build wrote the kernel")
			}
			if strings.Contains(printed, "wrote ") {
				t.Errorf("a refused build says it wrote the folder:\n%s", printed)
			}
		})
	}
}

// TestBuildFailureSaysNothingWritten: a build that fails while writing does
// not end its summary with "wrote ...".
func TestBuildFailureSaysNothingWritten(t *testing.T) {
	deb, init := testDeb(t), testutil.FakeInit(t)
	missing := filepath.Join(t.TempDir(), "no such folder")
	tests := []struct {
		name string
		args []string
	}{
		{name: "initramfs into a missing folder", args: []string{"-o", filepath.Join(missing, "initramfs.cpio.gz")}},
		{name: "boot folder with a refused command line", args: []string{"--out", missing, "--cmdline-extra", "ro"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			printed, err := runAirroot(t, "", append([]string{"build", "--init", init, "--kernel-deb", deb}, tt.args...)...)
			if err == nil {
				t.Fatalf("build: no error\n%s", printed)
			}
			if strings.Contains(printed, "wrote ") || strings.Contains(printed, "boot folder ") {
				t.Errorf("a failed build says it wrote something:\n%s", printed)
			}
		})
	}
}

// TestBuildBootFolderBoards: the summary names the Pis the kernel starts
// on, and a kernel for no ARM CPU makes no boot folder.
func TestBuildBootFolderBoards(t *testing.T) {
	deb := func(config string) string {
		return writeTestDeb(t, []debtest.File{
			{Name: "boot/vmlinuz-6.1.0-test", Data: "kernel image"},
			{Name: "boot/config-6.1.0-test", Data: config},
			{Name: "lib/modules/6.1.0-test/modules.dep", Data: ""},
		})
	}
	tests := []struct {
		name    string
		config  string
		say     string
		wantErr error
	}{
		{name: "Debian's rpi", config: "CONFIG_ARM=y\nCONFIG_ARCH_MULTI_V6=y\nCONFIG_RD_GZIP=y\n", say: "the kernel starts on the ARMv6 Pi 1, Zero and Zero W only"},
		{name: "Debian's armmp", config: "CONFIG_ARM=y\nCONFIG_ARCH_MULTI_V7=y\nCONFIG_RD_GZIP=y\n", say: "not the ARMv6 Pi 1, Zero and Zero W"},
		{name: "amd64", config: "CONFIG_X86_64=y\nCONFIG_RD_GZIP=y\n", wantErr: bootfolder.ErrNotARM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "boot")
			printed, err := runAirroot(t, "", "build", "--init", testutil.FakeInit(t), "--kernel-deb", deb(tt.config), "--out", out)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("build: error %v, want %v\n%s", err, tt.wantErr, printed)
			}
			if !strings.Contains(printed, tt.say) {
				t.Errorf("the summary does not say %q:\n%s", tt.say, printed)
			}
			if _, err := os.Stat(out); tt.wantErr != nil && err == nil {
				t.Errorf("a refused build made %s", out)
			}
		})
	}
}
