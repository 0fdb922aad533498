package artifact

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// busyboxPackage is Debian's static busybox, pinned.
func busyboxPackage(arch string) DebPackage {
	return DebPackage{Package: "busybox-static", Version: "1:1.35.0-4+deb12u1+b1", Arch: arch}
}

// FetchBusybox returns the path of the static busybox for a Debian architecture (armel
// for ARMv6 boards: armhf's is ARMv7), from cache/busybox, downloading and extracting
// Debian's busybox-static first when it is absent.
func FetchBusybox(ctx context.Context, cache, arch string) (string, error) {
	pkg := busyboxPackage(arch)
	deb := filepath.Join(cache, "debs", pkg.DebName())
	dir := filepath.Join(cache, "busybox", strings.TrimSuffix(pkg.DebName(), ".deb"))
	bin := filepath.Join(dir, "bin", "busybox")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := DownloadDeb(ctx, deb, pkg); err != nil {
		return "", err
	}
	if err := ExtractDebs(ctx, []string{deb}, dir); err != nil {
		return "", err
	}
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("busybox from %s (delete %s to extract it again): %w", pkg.DebName(), dir, err)
	}
	return bin, nil
}
