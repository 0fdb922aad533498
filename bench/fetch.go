package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/airroot/airroot/e2e/artifact"
)

// Sysroot is Debian packages extracted into one folder.
type Sysroot struct {
	Dir      string
	Arch     string
	Packages []artifact.DebPackage
}

// FetchSysroot returns pkgs extracted into cache/userland/NAME-ARCH-DIGEST, first
// downloading the missing .debs into cache/debs with apt-get download and extracting
// them with dpkg-deb -x, through a temporary folder renamed into place.
func FetchSysroot(ctx context.Context, cache, name, arch string, pkgs []artifact.DebPackage) (Sysroot, error) {
	s := Sysroot{Dir: filepath.Join(cache, "userland", name+"-"+arch+"-"+digest(pkgs)), Arch: arch, Packages: pkgs}
	if _, err := os.Stat(s.Dir); err == nil {
		return s, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return s, fmt.Errorf("fetch %s for %s: %w", name, arch, err)
	}
	var debs []string
	for _, p := range pkgs {
		deb := filepath.Join(cache, "debs", p.DebName())
		if err := artifact.DownloadDeb(ctx, deb, p); err != nil {
			return s, err
		}
		debs = append(debs, deb)
	}
	return s, artifact.ExtractDebs(ctx, debs, s.Dir)
}

// digest names a set of pinned packages, so that a new pin gets a new folder.
func digest(pkgs []artifact.DebPackage) string {
	h := sha256.New()
	for _, p := range pkgs {
		fmt.Fprintln(h, p.Spec())
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
