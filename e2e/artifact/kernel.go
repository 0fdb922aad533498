package artifact

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// KernelPackage names a pinned Debian kernel package and what a boot uses from it.
type KernelPackage struct {
	Package string // e.g. linux-image-6.1.0-50-armmp
	Version string // e.g. 6.1.176-1
	Arch    string // Debian architecture, e.g. armhf
	Release string // uname -r, the folder under lib/modules and the vmlinuz suffix
	// DTB is the device tree's path inside the package, empty when the machine needs none.
	DTB string
}

// Deb is the kernel's Debian package.
func (k KernelPackage) Deb() DebPackage {
	return DebPackage{Package: k.Package, Version: k.Version, Arch: k.Arch}
}

// DebName is the file name apt-get download gives the package.
func (k KernelPackage) DebName() string { return k.Deb().DebName() }

// KernelFiles are the extracted parts of a kernel package the harness boots with.
type KernelFiles struct {
	Vmlinuz    string
	ModulesDir string // lib/modules/RELEASE
	DTB        string // empty when the board needs none
}

// CacheDir is $AIRROOT_CACHE, or $HOME/.cache/airroot.
func CacheDir() (string, error) {
	if dir := os.Getenv("AIRROOT_CACHE"); dir != "" {
		return dir, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find airroot cache: set AIRROOT_CACHE: %w", err)
	}
	return filepath.Join(home, ".cache", "airroot"), nil
}

// FetchKernel returns pkg's files from cache/kernels, downloading the .deb into
// cache/debs with apt-get and extracting it with dpkg-deb first when they are absent.
// Both steps go through a temporary folder renamed into place, so an interrupted run
// leaves nothing half-done behind.
func FetchKernel(ctx context.Context, cache string, pkg KernelPackage) (KernelFiles, error) {
	deb := filepath.Join(cache, "debs", pkg.DebName())
	dir := filepath.Join(cache, "kernels", strings.TrimSuffix(pkg.DebName(), ".deb"))
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := DownloadDeb(ctx, deb, pkg.Deb()); err != nil {
			return KernelFiles{}, err
		}
		if err := ExtractDebs(ctx, []string{deb}, dir); err != nil {
			return KernelFiles{}, err
		}
	}
	return kernelFiles(dir, pkg)
}

func kernelFiles(dir string, pkg KernelPackage) (KernelFiles, error) {
	k := KernelFiles{
		Vmlinuz:    filepath.Join(dir, "boot", "vmlinuz-"+pkg.Release),
		ModulesDir: filepath.Join(dir, "lib", "modules", pkg.Release),
	}
	if pkg.DTB != "" {
		k.DTB = filepath.Join(dir, filepath.FromSlash(pkg.DTB))
	}
	for _, p := range []string{k.Vmlinuz, k.ModulesDir, k.DTB} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err != nil {
			return KernelFiles{}, fmt.Errorf("kernel %s in %s (delete the folder to extract it again): %w", pkg.Package, dir, err)
		}
	}
	return k, nil
}

// runTool runs a host tool in dir and returns its output in the error when it fails.
func runTool(ctx context.Context, dir, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, bytes.TrimSpace(out.Bytes()))
	}
	return nil
}
