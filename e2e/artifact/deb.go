package artifact

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DebPackage names one pinned Debian package.
type DebPackage struct {
	Package string // e.g. hostapd
	Version string // e.g. 2:2.10-12+deb12u3
	Arch    string // Debian architecture, e.g. armhf
}

// DebName is the file name apt-get download gives the package.
func (d DebPackage) DebName() string {
	return d.Package + "_" + strings.ReplaceAll(d.Version, ":", "%3a") + "_" + d.Arch + ".deb"
}

// Spec is the package as apt-get names it: package:arch=version.
func (d DebPackage) Spec() string { return d.Package + ":" + d.Arch + "=" + d.Version }

// DownloadDeb puts pkg's .deb at deb with apt-get download, unless it is there already.
func DownloadDeb(ctx context.Context, deb string, pkg DebPackage) error {
	if _, err := os.Stat(deb); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(deb), 0o755); err != nil {
		return fmt.Errorf("download %s: %w", pkg.DebName(), err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(deb), ".download-*")
	if err != nil {
		return fmt.Errorf("download %s: %w", pkg.DebName(), err)
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

// ExtractDebs unpacks every .deb in debs into dir with dpkg-deb, through a temporary
// folder renamed into place, so an interrupted run leaves nothing half-done behind.
func ExtractDebs(ctx context.Context, debs []string, dir string) error {
	what := strings.Join(debs, ", ")
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("extract %s: %w", what, err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".extract-*")
	if err != nil {
		return fmt.Errorf("extract %s: %w", what, err)
	}
	defer os.RemoveAll(tmp)
	for _, deb := range debs {
		if err := runTool(ctx, "", "dpkg-deb", "-x", deb, tmp); err != nil {
			return fmt.Errorf("extract %s: %w", deb, err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("extract %s: %w", what, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil {
			return nil // another run extracted it first
		}
		return fmt.Errorf("extract %s: %w", what, err)
	}
	return nil
}
