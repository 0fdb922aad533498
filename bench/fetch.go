package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/airroot/airroot/e2e/harness"
)

// Sysroot is Debian packages extracted into one folder.
type Sysroot struct {
	Dir      string
	Arch     string
	Packages []harness.DebPackage
}

// FetchSysroot returns pkgs extracted into cache/userland/NAME-ARCH-DIGEST, first
// downloading the missing .debs into cache/debs with apt-get download and extracting
// them with dpkg-deb -x, through a temporary folder renamed into place.
func FetchSysroot(ctx context.Context, cache, name, arch string, pkgs []harness.DebPackage) (Sysroot, error) {
	s := Sysroot{Dir: filepath.Join(cache, "userland", name+"-"+arch+"-"+digest(pkgs)), Arch: arch, Packages: pkgs}
	if _, err := os.Stat(s.Dir); err == nil {
		return s, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return s, fmt.Errorf("fetch %s for %s: %w", name, arch, err)
	}
	var debs []string
	for _, p := range pkgs {
		deb := filepath.Join(cache, "debs", p.DebName())
		if err := download(ctx, deb, p); err != nil {
			return s, err
		}
		debs = append(debs, deb)
	}
	return s, extract(ctx, debs, s.Dir)
}

// digest names a set of pinned packages, so that a new pin gets a new folder.
func digest(pkgs []harness.DebPackage) string {
	h := sha256.New()
	for _, p := range pkgs {
		fmt.Fprintln(h, p.Spec())
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// download puts pkg's .deb at deb unless it is there already.
func download(ctx context.Context, deb string, pkg harness.DebPackage) error {
	if _, err := os.Stat(deb); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(deb), 0o755); err != nil {
		return fmt.Errorf("download %s: %w", pkg.Spec(), err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(deb), ".download-*")
	if err != nil {
		return fmt.Errorf("download %s: %w", pkg.Spec(), err)
	}
	defer os.RemoveAll(tmp)
	if err := runTool(ctx, tmp, "apt-get", "download", pkg.Spec()); err != nil {
		return fmt.Errorf("download %s (is `dpkg --add-architecture %s && apt-get update` done? "+
			"does `apt-cache policy %s:%s` still list version %s?): %w",
			pkg.Spec(), pkg.Arch, pkg.Package, pkg.Arch, pkg.Version, err)
	}
	if err := os.Rename(filepath.Join(tmp, pkg.DebName()), deb); err != nil {
		return fmt.Errorf("download %s: %w", pkg.Spec(), err)
	}
	return nil
}

// extract unpacks debs into dir through a temporary folder renamed into place.
func extract(ctx context.Context, debs []string, dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("extract into %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".extract-*")
	if err != nil {
		return fmt.Errorf("extract into %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp)
	for _, deb := range debs {
		if err := runTool(ctx, "", "dpkg-deb", "-x", deb, tmp); err != nil {
			return fmt.Errorf("extract %s: %w", deb, err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("extract into %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil {
			return nil // another run extracted it first
		}
		return fmt.Errorf("extract into %s: %w", dir, err)
	}
	return nil
}

// runTool runs a host tool in dir, with its output in the error when it fails.
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
