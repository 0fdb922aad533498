package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/host/initramfs"
)

// Userland is the seed's programs with everything the dynamic loader opens to run
// them, as they lie in a sysroot.
type Userland struct {
	Sysroot Sysroot
	// Files are the programs, the loader, the libraries and the links leading to them.
	Files []artifact.SysrootFile
}

// FetchSeedUserland returns the seed's userland for a Debian architecture from the
// cache, downloading and extracting its packages first when needed.
func FetchSeedUserland(ctx context.Context, cache, arch string) (Userland, error) {
	pkgs, err := SeedPackages(arch)
	if err != nil {
		return Userland{}, err
	}
	root, err := FetchSysroot(ctx, cache, "seed", arch, pkgs)
	if err != nil {
		return Userland{}, err
	}
	files, err := artifact.ResolveELF(os.DirFS(root.Dir), LibDirs(arch), SeedPrograms...)
	if err != nil {
		return Userland{}, fmt.Errorf("seed userland in %s (delete the folder to extract it again): %w", root.Dir, err)
	}
	return Userland{Sysroot: root, Files: files}, nil
}

// PinnedBytes sums the sizes of programs and of every file the loader maps to run
// them: what stays in RAM after switch_root while they run.
func (u Userland) PinnedBytes(programs ...string) (int64, error) {
	files, err := u.closure(programs...)
	if err != nil {
		return 0, err
	}
	var sum int64
	for _, f := range files {
		sum += f.Size
	}
	return sum, nil
}

// closure lists programs and every file the loader opens to run them.
func (u Userland) closure(programs ...string) ([]artifact.SysrootFile, error) {
	files, err := artifact.ResolveELF(os.DirFS(u.Sysroot.Dir), LibDirs(u.Sysroot.Arch), programs...)
	if err != nil {
		return nil, fmt.Errorf("seed userland in %s: %w", u.Sysroot.Dir, err)
	}
	return files, nil
}

// AddTo puts the userland's files into a, at their paths in the sysroot.
func (u Userland) AddTo(a *initramfs.Archive) error {
	return u.add(a, u.Files)
}

// AddPrograms puts programs and what the loader opens to run them into a.
func (u Userland) AddPrograms(a *initramfs.Archive, programs ...string) error {
	files, err := u.closure(programs...)
	if err != nil {
		return err
	}
	return u.add(a, files)
}

func (u Userland) add(a *initramfs.Archive, files []artifact.SysrootFile) error {
	for _, f := range files {
		if f.Link != "" {
			a.Symlink(f.Path, f.Link, "seed userland")
			continue
		}
		host := filepath.Join(u.Sysroot.Dir, filepath.FromSlash(f.Path))
		data, err := os.ReadFile(host)
		if err != nil {
			return fmt.Errorf("add seed userland: %w", err)
		}
		info, err := os.Stat(host)
		if err != nil {
			return fmt.Errorf("add seed userland: %w", err)
		}
		a.File(f.Path, data, uint64(info.Mode().Perm()), "seed userland")
	}
	return nil
}
