package artifact

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/u-root/u-root/pkg/cpio"
)

// Hostapd and hostapdCLI are where Debian's hostapd package puts its programs.
const (
	Hostapd    = guestproto.HostapdProgram
	hostapdCLI = "/usr/sbin/hostapd_cli"
)

// hostapdPackages are the pinned packages that make hostapd run, by Debian
// architecture: the armel build of OpenSSL also needs libatomic. The versions are
// bookworm's; ResolveELF checks that nothing else is needed.
func hostapdPackages(arch string) ([]DebPackage, error) {
	var names [][2]string
	switch arch {
	case "armhf":
	case "armel":
		names = append(names, [2]string{"libatomic1", "12.2.0-14+deb12u1"})
	default:
		return nil, fmt.Errorf("hostapd for %s: no pinned packages for that architecture (armhf, armel)", arch)
	}
	names = append(names,
		[2]string{"hostapd", "2:2.10-12+deb12u3"},
		[2]string{"libnl-3-200", "3.7.0-0.2+b1"},
		[2]string{"libnl-genl-3-200", "3.7.0-0.2+b1"},
		[2]string{"libnl-route-3-200", "3.7.0-0.2+b1"},
		[2]string{"libssl3", "3.0.20-1~deb12u2"},
		[2]string{"libc6", "2.36-9+deb12u14"},
	)
	return pinnedPackages(arch, names), nil
}

// pinnedPackages are the packages names lists as {package, version}, for arch.
func pinnedPackages(arch string, names [][2]string) []DebPackage {
	pkgs := make([]DebPackage, len(names))
	for i, n := range names {
		pkgs[i] = DebPackage{Package: n[0], Version: n[1], Arch: arch}
	}
	return pkgs
}

// multiarchLibDirs are the folders Debian's dynamic loader searches for arch.
func multiarchLibDirs(arch string) []string {
	triplet := map[string]string{"armhf": "arm-linux-gnueabihf", "armel": "arm-linux-gnueabi"}[arch]
	return []string{"lib/" + triplet, "usr/lib/" + triplet, "lib", "usr/lib"}
}

// Userland is programs of the access point's side with what they load, from Debian's
// packages: hostapd and hostapd_cli (FetchUserland), or dnsmasq (FetchDnsmasq).
type Userland struct {
	// Sysroot is the folder the packages were extracted into.
	Sysroot string
	// Files are the programs, their loader, libraries and the links to them.
	Files []SysrootFile
	// Running are the daemon (hostapd, dnsmasq), its loader and libraries and the
	// links to them: what it needs to run again once the initramfs is gone
	// (FixtureRestart's files).
	Running []SysrootFile
	// RunningBytes is the size of the daemon and every file it loads: after
	// switch_root deletes the initramfs, these stay in RAM for as long as it runs.
	RunningBytes int64
}

// FetchUserland returns hostapd for arch from cache/userland, downloading its packages
// into cache/debs and extracting them first when needed.
func FetchUserland(ctx context.Context, cache, arch string) (Userland, error) {
	dir, err := fetchSysroot(ctx, cache, "hostapd", arch, hostapdPackages)
	if err != nil {
		return Userland{}, err
	}
	return resolveUserland(dir, arch)
}

// fetchSysroot returns the folder cache/userland/NAME-ARCH-DIGEST into which the
// packages pinned for arch are extracted, downloading them into cache/debs and
// extracting them first when needed.
func fetchSysroot(ctx context.Context, cache, name, arch string, packages func(arch string) ([]DebPackage, error)) (string, error) {
	pkgs, err := packages(arch)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, "userland", name+"-"+arch+"-"+packagesDigest(pkgs))
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		return dir, nil
	}
	var debs []string
	for _, p := range pkgs {
		deb := filepath.Join(cache, "debs", p.DebName())
		if err := DownloadDeb(ctx, deb, p); err != nil {
			return "", err
		}
		debs = append(debs, deb)
	}
	return dir, ExtractDebs(ctx, debs, dir)
}

// packagesDigest names a set of pinned packages, so that a new pin gets a new folder.
func packagesDigest(pkgs []DebPackage) string {
	h := sha256.New()
	for _, p := range pkgs {
		fmt.Fprintln(h, p.Spec())
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func resolveUserland(sysroot, arch string) (Userland, error) {
	fsys := os.DirFS(sysroot)
	dirs := multiarchLibDirs(arch)
	running, err := ResolveELF(fsys, dirs, Hostapd)
	if err != nil {
		return Userland{}, fmt.Errorf("hostapd in %s (delete the folder to extract it again): %w", sysroot, err)
	}
	// hostapd's EAP server asks OpenSSL 3 for its legacy provider (MD4, for
	// MSCHAPv2); when the module is missing, OpenSSL refuses to make any TLS
	// context and hostapd says "Failed to initialize TLS".
	legacy := path.Join(multiarchLibDirs(arch)[1], "ossl-modules", "legacy.so")
	all, err := ResolveELF(fsys, dirs, Hostapd, hostapdCLI, legacy)
	if err != nil {
		return Userland{}, fmt.Errorf("hostapd_cli in %s: %w", sysroot, err)
	}
	return Userland{Sysroot: sysroot, Files: all, Running: running, RunningBytes: TotalSize(running)}, nil
}

// TotalSize is the sum of files' sizes.
func TotalSize(files []SysrootFile) int64 {
	var n int64
	for _, f := range files {
		n += f.Size
	}
	return n
}

// Records returns the userland as initramfs records at its real paths.
func (u Userland) Records() ([]cpio.Record, error) {
	var records []cpio.Record
	for _, f := range u.Files {
		if f.Link != "" {
			records = append(records, cpio.Symlink("/"+f.Path, f.Link))
			continue
		}
		host := filepath.Join(u.Sysroot, filepath.FromSlash(f.Path))
		data, err := os.ReadFile(host)
		if err != nil {
			return nil, fmt.Errorf("add %s to the initramfs: %w", f.Path, err)
		}
		info, err := os.Stat(host)
		if err != nil {
			return nil, fmt.Errorf("add %s to the initramfs: %w", f.Path, err)
		}
		records = append(records, FileRecord("/"+f.Path, data, uint64(info.Mode().Perm())))
	}
	return records, nil
}
