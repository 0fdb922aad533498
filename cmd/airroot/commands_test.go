package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/host/deb/debtest"
	"github.com/google/go-cmp/cmp"
)

// TestPassphrase checks the block against IEEE 802.11-2016 J.4.2's vector
// (pass-phrase "password", SSID "IEEE").
func TestPassphrase(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"passphrase", "IEEE"}, strings.NewReader("password\n"), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	want := "network={\n\tssid=\"IEEE\"\n\tkey_mgmt=WPA-PSK\n\tpsk=f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e\n}\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if strings.Contains(out.String()+errOut.String(), "password") {
		t.Error("the pass-phrase is printed")
	}
	for _, args := range [][]string{{"passphrase"}, {"passphrase", "a", "b"}} {
		if err := run(args, strings.NewReader("password\n"), &out, &errOut); err == nil {
			t.Errorf("airroot %v: no error", args)
		}
	}
	if err := run([]string{"passphrase", "IEEE"}, strings.NewReader("short\n"), &out, &errOut); err == nil {
		t.Error("short pass-phrase: no error")
	}
}

func TestModules(t *testing.T) {
	printed, err := runAirroot(t, "", "modules", "--kernel-deb", testDeb(t), "nfsv3", "virtio")
	if err != nil {
		t.Fatalf("modules: %v\n%s", err, printed)
	}
	// The test's modules are not ELF files: their firmware is unknown.
	want := "kernel 6.1.0-test from linux-image-6.1.0-test 6.1.1-1 (armel), in load order:\n" +
		"  nfs     needed by nfsv3        3 B  kernel/fs/nfs/nfs.ko\n" +
		"          firmware unknown: module nfs: read modinfo kernel/fs/nfs/nfs.ko: not an ELF file\n" +
		"  nfsv3   asked for              5 B  kernel/fs/nfs/nfsv3.ko\n" +
		"          firmware unknown: module nfsv3: read modinfo kernel/fs/nfs/nfsv3.ko: not an ELF file\n" +
		"  virtio  asked for                   built into the kernel\n" +
		"3 modules, 8 B\n"
	if diff := cmp.Diff(want, printed); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, args := range [][]string{{"modules", "nfs"}, {"modules", "--kernel-deb", "a.deb", "--modules-dir", "d", "nfs"}, {"modules", "--modules-dir", "d"}} {
		if _, err := runAirroot(t, "", args...); err == nil {
			t.Errorf("airroot %v: no error", args)
		}
	}
}

func TestRunCommands(t *testing.T) {
	if _, err := runAirroot(t, ""); err == nil {
		t.Error("no command: no error")
	}
	if _, err := runAirroot(t, "", "frobnicate"); err == nil {
		t.Error("unknown command: no error")
	}
	if out, err := runAirroot(t, "", "help"); err != nil || !strings.Contains(out, "passphrase") {
		t.Errorf("help = %q, %v", out, err)
	}
	for _, cmd := range []string{"build", "modules"} {
		if out, err := runAirroot(t, "", cmd, "-h"); err != nil || !strings.Contains(out, "-kernel-deb") {
			t.Errorf("%s -h = %q, %v; want its flags and no error", cmd, out, err)
		}
	}
}

// TestModulesFirmware lists a tree of modules that name firmware, some of
// it in the firmware tree, some not, one name a glob.
func TestModulesFirmware(t *testing.T) {
	root := t.TempDir()
	modules := filepath.Join(root, "lib/modules/6.1.0-x")
	for p, entries := range map[string][]string{
		"kernel/mac80211.ko":  {"name=mac80211", "depends="},
		"kernel/rtl8192cu.ko": {"name=rtl8192cu", "depends=mac80211", "firmware=rtlwifi/rtl8192cufw.bin", "firmware=rtlwifi/rtl8192cufw_A.bin"},
		"kernel/brcmfmac.ko":  {"name=brcmfmac", "depends=", "firmware=brcm/brcmfmac*-sdio.*.txt"},
	} {
		writeFile(t, mkdirs(t, filepath.Join(modules, filepath.Dir(p))), filepath.Base(p), string(debtest.Module(entries...)))
	}
	fw := filepath.Join(root, "firmware")
	writeFile(t, mkdirs(t, filepath.Join(fw, "rtlwifi")), "rtl8192cufw.bin", "fw")
	writeFile(t, mkdirs(t, filepath.Join(fw, "brcm")), "brcmfmac43430-sdio.raspberrypi,model-zero-w.txt", "nvram")
	printed, err := runAirroot(t, "", "modules", "--modules-dir", modules, "--firmware-dir", fw, "rtl8192cu", "brcmfmac")
	if err != nil {
		t.Fatalf("modules: %v\n%s", err, printed)
	}
	for _, line := range []string{
		"  mac80211   needed by rtl8192cu",
		"firmware rtlwifi/rtl8192cufw.bin: found\n",
		"firmware rtlwifi/rtl8192cufw_A.bin: MISSING from " + fw + "\n",
		"firmware brcm/brcmfmac*-sdio.*.txt: found brcm/brcmfmac43430-sdio.raspberrypi,model-zero-w.txt\n",
		"3 modules,",
	} {
		if !strings.Contains(printed, line) {
			t.Errorf("output lacks %q:\n%s", line, printed)
		}
	}
}

// TestModulesModalias names a device by the modalias airroot's "without a
// driver" line prints: the modules claiming it, and their closure.
func TestModulesModalias(t *testing.T) {
	modules := filepath.Join(t.TempDir(), "lib/modules/6.1.0-x")
	for p, entries := range map[string][]string{
		"kernel/mac80211.ko": {"name=mac80211", "depends="},
		"kernel/rtl8xxxu.ko": {"name=rtl8xxxu", "depends=mac80211", "alias=usb:v0BDAp8179d*dc*dsc*dp*icFFiscFFipFFin*"},
		"kernel/usbhid.ko":   {"name=usbhid", "depends=", "alias=usb:v*p*d*dc*dsc*dp*ic03isc*ip*in*"},
	} {
		writeFile(t, mkdirs(t, filepath.Join(modules, filepath.Dir(p))), filepath.Base(p), string(debtest.Module(entries...)))
	}
	dongle := "usb:v0BDAp8179d0000dc00dsc00dp00icFFiscFFipFFin00"
	printed, err := runAirroot(t, "", "modules", "--modules-dir", modules, dongle)
	if err != nil {
		t.Fatalf("modules %s: %v\n%s", dongle, err, printed)
	}
	for _, line := range []string{
		"modalias " + dongle + ": rtl8xxxu\n",
		"  mac80211  needed by rtl8xxxu",
		"  rtl8xxxu  asked for",
		"2 modules,",
	} {
		if !strings.Contains(printed, line) {
			t.Errorf("output lacks %q:\n%s", line, printed)
		}
	}
	unknown := "usb:v1234p5678d0000dc00dsc00dp00icFFiscFFipFFin00"
	if _, err := runAirroot(t, "", "modules", "--modules-dir", modules, unknown); err == nil || !strings.Contains(err.Error(), "no module of this kernel claims it") {
		t.Errorf("modules %s: error %v, want no module claims it", unknown, err)
	}
}

func mkdirs(t *testing.T, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
