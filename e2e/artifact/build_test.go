package artifact

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
)

func TestFindRepoRoot(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "e2e", "harness")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	// A go.mod of another module on the way up does not count.
	if err := os.WriteFile(filepath.Join(root, "e2e", "go.mod"), []byte("module example.com/other\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("// airroot\nmodule "+repoModule+"\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := findRepoRoot(deep)
	if err != nil || got != root {
		t.Errorf("findRepoRoot(%s) = %q, %v; want %q", deep, got, err, root)
	}
	if _, err := findRepoRoot(t.TempDir()); err == nil {
		t.Error("findRepoRoot outside any repository succeeded")
	}
}

func TestTakesWiFiConfig(t *testing.T) {
	if !TakesWiFiConfig(context.Background(), testutil.HelperBinary(t, "airroot")) {
		t.Error("TakesWiFiConfig(an airroot with --wifi-config) = false")
	}
	if TakesWiFiConfig(context.Background(), testutil.HelperBinary(t, "silent")) {
		t.Error("TakesWiFiConfig(a tool without --wifi-config) = true")
	}
	if TakesWiFiConfig(context.Background(), filepath.Join(t.TempDir(), "missing")) {
		t.Error("TakesWiFiConfig(a missing tool) = true")
	}
}

func TestCheckBuilt(t *testing.T) {
	present := filepath.Join(t.TempDir(), "init")
	if err := os.WriteFile(present, nil, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := CheckBuilt(present); err != nil {
		t.Errorf("CheckBuilt(present) = %v", err)
	}
	err := CheckBuilt(present, "/nonexistent/out/airroot")
	if err == nil || !strings.Contains(err.Error(), "make all") || !strings.Contains(err.Error(), "/nonexistent/out/airroot") {
		t.Errorf("CheckBuilt(missing) = %v, want the path and `make all`", err)
	}
}

func TestFetchKernelUsesExtractedCache(t *testing.T) {
	cache := t.TempDir()
	pkg := KernelPackage{
		Package: "linux-image-6.1.0-50-rpi", Version: "6.1.176-1", Arch: "armel", Release: "6.1.0-50-rpi",
		DTB: "usr/lib/linux-image-6.1.0-50-rpi/bcm2835-rpi-b-plus.dtb",
	}
	dir := filepath.Join(cache, "kernels", strings.TrimSuffix(pkg.DebName(), ".deb"))
	for _, p := range []string{"boot/vmlinuz-" + pkg.Release, pkg.DTB} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// No modules folder yet: the error must say which and how to recover.
	_, err := FetchKernel(context.Background(), cache, pkg)
	if err == nil || !strings.Contains(err.Error(), "delete the folder") {
		t.Fatalf("FetchKernel with an incomplete cache = %v, want an error naming the fix", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "lib", "modules", pkg.Release), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := FetchKernel(context.Background(), cache, pkg)
	if err != nil {
		t.Fatal(err)
	}
	want := KernelFiles{
		Vmlinuz:    filepath.Join(dir, "boot", "vmlinuz-"+pkg.Release),
		ModulesDir: filepath.Join(dir, "lib", "modules", pkg.Release),
		DTB:        filepath.Join(dir, filepath.FromSlash(pkg.DTB)),
	}
	if got != want {
		t.Errorf("FetchKernel() = %+v, want %+v", got, want)
	}
}

func TestDebName(t *testing.T) {
	got := KernelPackage{Package: "linux-image-6.1.0-50-rpi", Version: "6.1.176-1", Arch: "armel"}.DebName()
	if want := "linux-image-6.1.0-50-rpi_6.1.176-1_armel.deb"; got != want {
		t.Errorf("DebName() = %q, want %q", got, want)
	}
	if got := (KernelPackage{Package: "p", Version: "1:2-3", Arch: "armhf"}).DebName(); got != "p_1%3a2-3_armhf.deb" {
		t.Errorf("DebName() with an epoch = %q", got)
	}
}

func TestCacheDir(t *testing.T) {
	t.Setenv("AIRROOT_CACHE", "/srv/cache")
	if got, err := CacheDir(); err != nil || got != "/srv/cache" {
		t.Errorf("CacheDir() with AIRROOT_CACHE = %q, %v", got, err)
	}
	t.Setenv("AIRROOT_CACHE", "")
	t.Setenv("HOME", "/home/ci")
	if got, err := CacheDir(); err != nil || got != "/home/ci/.cache/airroot" {
		t.Errorf("CacheDir() = %q, %v; want /home/ci/.cache/airroot", got, err)
	}
}
