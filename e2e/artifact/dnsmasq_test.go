package artifact

import (
	"context"
	"debug/elf"
	"strings"
	"testing"
	"testing/fstest"
)

// TestDnsmasqPackages: pinned, of the right architecture, dnsmasq-base among them, and
// every package hostapd also needs at hostapd's version: both go into one initramfs,
// where a second libc.so.6 of another version would replace the first.
func TestDnsmasqPackages(t *testing.T) {
	for _, arch := range []string{"armhf", "armel"} {
		pkgs, err := dnsmasqPackages(arch)
		if err != nil {
			t.Fatal(err)
		}
		hostapd, err := hostapdPackages(arch)
		if err != nil {
			t.Fatal(err)
		}
		pinned := map[string]string{}
		for _, p := range hostapd {
			pinned[p.Package] = p.Version
		}
		seen := map[string]bool{}
		for _, p := range pkgs {
			if p.Arch != arch || p.Version == "" || seen[p.Package] {
				t.Errorf("%s: %+v: want arch %s, a pinned version, once", arch, p, arch)
			}
			seen[p.Package] = true
			if v, ok := pinned[p.Package]; ok && v != p.Version {
				t.Errorf("%s: %s %s, but hostapd's is %s", arch, p.Package, p.Version, v)
			}
		}
		if !seen["dnsmasq-base"] || !seen["libc6"] {
			t.Errorf("%s: %v lacks dnsmasq-base or libc6", arch, pkgs)
		}
	}
	if _, err := dnsmasqPackages("arm64"); err == nil || !strings.Contains(err.Error(), "no pinned packages") {
		t.Errorf("dnsmasqPackages(arm64) error = %v", err)
	}
}

// TestFetchDnsmasqFromCache finds an extracted sysroot in the cache, downloads
// nothing, and counts all of dnsmasq's closure as running.
func TestFetchDnsmasqFromCache(t *testing.T) {
	sys := armhfSysroot()
	sys["usr/sbin/dnsmasq"] = &fstest.MapFile{Data: fakeELF(elf.EM_ARM, "/lib/ld-linux-armhf.so.3", "libnl-3.so.200", "libc.so.6"), Mode: 0o755}
	cache, dir := cachedSysroot(t, "dnsmasq", dnsmasqPackages, sys)
	u, err := FetchDnsmasq(context.Background(), cache, "armhf")
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, p := range []string{"usr/sbin/dnsmasq", "lib/arm-linux-gnueabihf/ld-linux-armhf.so.3", "lib/arm-linux-gnueabihf/libc.so.6",
		"lib/arm-linux-gnueabihf/libnl-3.so.200.26.0"} {
		want += int64(len(sys[p].Data))
	}
	if u.Sysroot != dir || len(u.Files) != 6 || len(u.Running) != len(u.Files) || u.RunningBytes != want {
		t.Errorf("FetchDnsmasq() = %s with %d files (%d running, %d bytes), want %s with 6, all running, %d bytes",
			u.Sysroot, len(u.Files), len(u.Running), u.RunningBytes, dir, want)
	}
	delete(sys, "lib/arm-linux-gnueabihf/libnl-3.so.200.26.0")
	if _, err := resolveDnsmasq(writeSysroot(t, sys), "armhf"); err == nil || !strings.Contains(err.Error(), "libnl-3.so.200.26.0") {
		t.Errorf("resolveDnsmasq() without a library = %v, want an error naming it", err)
	}
}
