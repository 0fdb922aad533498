package artifact

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/google/go-cmp/cmp"
)

func TestHostapdPackages(t *testing.T) {
	armhf, err := hostapdPackages("armhf")
	if err != nil {
		t.Fatal(err)
	}
	armel, err := hostapdPackages("armel")
	if err != nil {
		t.Fatal(err)
	}
	names := func(pkgs []DebPackage, arch string) []string {
		var out []string
		for _, p := range pkgs {
			if p.Arch != arch || p.Version == "" {
				t.Errorf("%+v: want arch %s and a pinned version", p, arch)
			}
			out = append(out, p.Package)
		}
		return out
	}
	common := []string{"hostapd", "libnl-3-200", "libnl-genl-3-200", "libnl-route-3-200", "libssl3", "libc6"}
	if diff := cmp.Diff(common, names(armhf, "armhf")); diff != "" {
		t.Errorf("armhf packages (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(append([]string{"libatomic1"}, common...), names(armel, "armel")); diff != "" {
		t.Errorf("armel packages (-want +got):\n%s", diff)
	}
	if got := armhf[0].Spec(); got != "hostapd:armhf=2:2.10-12+deb12u3" {
		t.Errorf("Spec() = %q", got)
	}
	if got := armhf[0].DebName(); got != "hostapd_2%3a2.10-12+deb12u3_armhf.deb" {
		t.Errorf("DebName() = %q", got)
	}
	if _, err := hostapdPackages("arm64"); err == nil || !strings.Contains(err.Error(), "no pinned packages") {
		t.Errorf("hostapdPackages(arm64) error = %v", err)
	}
	armhfAgain, _ := hostapdPackages("armhf")
	if packagesDigest(armhf) == packagesDigest(armel) || packagesDigest(armhf) != packagesDigest(armhfAgain) {
		t.Error("packagesDigest does not tell the package sets apart, or is not stable")
	}
}

func TestMultiarchLibDirs(t *testing.T) {
	want := []string{"lib/arm-linux-gnueabi", "usr/lib/arm-linux-gnueabi", "lib", "usr/lib"}
	if diff := cmp.Diff(want, multiarchLibDirs("armel")); diff != "" {
		t.Errorf("multiarchLibDirs(armel) (-want +got):\n%s", diff)
	}
}

// TestFetchUserlandFromCache finds an extracted sysroot in the cache and downloads
// nothing (there is no apt-get in the test).
func TestFetchUserlandFromCache(t *testing.T) {
	cache, dir := cachedSysroot(t, "hostapd", hostapdPackages, armhfSysroot())
	u, err := FetchUserland(context.Background(), cache, "armhf")
	if err != nil {
		t.Fatal(err)
	}
	if u.Sysroot != dir || len(u.Files) != 11 {
		t.Errorf("FetchUserland() = %s with %d files, want %s with 11", u.Sysroot, len(u.Files), dir)
	}
	if !slices.ContainsFunc(u.Files, func(f SysrootFile) bool { return f.Path == "usr/lib/arm-linux-gnueabihf/ossl-modules/legacy.so" }) {
		t.Error("the userland lacks OpenSSL's legacy provider, without which hostapd's EAP server cannot start TLS")
	}
	sys := armhfSysroot()
	var running int64
	for _, p := range []string{"usr/sbin/hostapd", "lib/arm-linux-gnueabihf/ld-linux-armhf.so.3", "lib/arm-linux-gnueabihf/libc.so.6",
		"lib/arm-linux-gnueabihf/libnl-3.so.200.26.0", "usr/lib/arm-linux-gnueabihf/libssl.so.3", "usr/lib/arm-linux-gnueabihf/real/libcrypto.so.3"} {
		running += int64(len(sys[p].Data))
	}
	if u.RunningBytes != running {
		t.Errorf("RunningBytes = %d, want %d (hostapd and what it loads, not hostapd_cli)", u.RunningBytes, running)
	}
	records, err := u.Records()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range records {
		switch r.Name {
		case "/lib/ld-linux-armhf.so.3":
			if target := string(testutil.RecordData(t, records, r.Name)); target != "arm-linux-gnueabihf/ld-linux-armhf.so.3" {
				t.Errorf("%s links to %q", r.Name, target)
			}
		case "/usr/sbin/hostapd":
			if r.Mode&0o777 != 0o755 {
				t.Errorf("%s has mode %o, want 755", r.Name, r.Mode&0o777)
			}
		}
	}
	if _, err := FetchUserland(context.Background(), cache, "armel"); err == nil || !strings.Contains(err.Error(), "apt-get") {
		t.Errorf("FetchUserland(armel) without apt-get = %v, want a download error naming apt-get", err)
	}
}

// cachedSysroot puts sys in a new cache as the folder fetchSysroot extracts name's
// armhf packages into, and takes apt-get and dpkg-deb away: a fetch must find it.
func cachedSysroot(t *testing.T, name string, packages func(string) ([]DebPackage, error), sys fstest.MapFS) (cache, dir string) {
	t.Helper()
	pkgs, err := packages("armhf")
	if err != nil {
		t.Fatal(err)
	}
	cache = t.TempDir()
	dir = filepath.Join(cache, "userland", name+"-armhf-"+packagesDigest(pkgs))
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(writeSysroot(t, sys), dir); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", t.TempDir()) // no apt-get, no dpkg-deb
	return cache, dir
}
