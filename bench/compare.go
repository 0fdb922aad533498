package bench

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/airroot/airroot/host/initramfs"
)

// supportPaths hold what dhcpcd reads besides its binary: the seed copies its
// configuration and hook scripts into the initramfs too.
var supportPaths = []string{"etc/dhcpcd.conf", "usr/lib/dhcpcd"}

// SupportFiles lists dhcpcd's configuration and hooks in the sysroot, as
// regular files and links relative to it.
func (u Userland) SupportFiles() ([]string, error) {
	var files []string
	fsys := os.DirFS(u.Sysroot.Dir)
	for _, root := range supportPaths {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("list dhcpcd's configuration in %s: %w", u.Sysroot.Dir, err)
		}
	}
	return files, nil
}

// AddSupportTo puts dhcpcd's configuration and hooks into a.
func (u Userland) AddSupportTo(a *initramfs.Archive) error {
	files, err := u.SupportFiles()
	if err != nil {
		return err
	}
	for _, f := range files {
		host := filepath.Join(u.Sysroot.Dir, filepath.FromSlash(f))
		info, err := os.Lstat(host)
		if err != nil {
			return fmt.Errorf("add dhcpcd's configuration: %w", err)
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(host)
			if err != nil {
				return fmt.Errorf("add dhcpcd's configuration: %w", err)
			}
			a.Symlink(f, target, "dhcpcd's configuration")
			continue
		}
		data, err := os.ReadFile(host)
		if err != nil {
			return fmt.Errorf("add dhcpcd's configuration: %w", err)
		}
		a.File(f, data, uint64(info.Mode().Perm()), "dhcpcd's configuration")
	}
	return nil
}

// CompareUserland weighs the seed's userland for arch against airroot's /init at
// initPath.
func CompareUserland(ctx context.Context, cache, arch string, boards []string, initPath string) (UserlandComparison, error) {
	c := UserlandComparison{Arch: arch, Boards: boards, AirrootInit: initPath}
	u, err := FetchSeedUserland(ctx, cache, arch)
	if err != nil {
		return c, err
	}
	for _, p := range u.Sysroot.Packages {
		c.Packages = append(c.Packages, p.Spec())
	}
	if c.Seed, err = MeasureUserland(u); err != nil {
		return c, err
	}
	support := initramfs.NewArchive()
	if err := u.AddSupportTo(support); err != nil {
		return c, err
	}
	for _, e := range support.Entries() {
		c.SeedSupportBytes += e.Size
	}
	if c.Airroot, err = MeasureInit(initPath); err != nil {
		return c, err
	}
	c.AirrootPinnedBytes = c.Airroot.Bytes
	if c.SeedPinnedBytes, err = u.PinnedBytes(WPASupplicant, DHCPCD); err != nil {
		return c, err
	}
	c.BytesRatio = Ratio(float64(c.Airroot.Bytes), float64(c.Seed.Bytes))
	c.GzipRatio = Ratio(float64(c.Airroot.GzipBytes), float64(c.Seed.GzipBytes))
	return c, nil
}

// MeasureInitSizes builds airroot's /init for each of InitPlatforms into dir and
// weighs it.
func MeasureInitSizes(ctx context.Context, repoRoot, dir string) ([]InitSize, error) {
	var sizes []InitSize
	for _, p := range InitPlatforms {
		out := filepath.Join(dir, "init-"+p.GOARCH)
		if err := BuildInit(ctx, repoRoot, p, out); err != nil {
			return nil, err
		}
		s, err := MeasureInit(out)
		if err != nil {
			return nil, err
		}
		sizes = append(sizes, InitSize{Platform: p, Bytes: s.Bytes, GzipBytes: s.GzipBytes})
	}
	return sizes, nil
}
