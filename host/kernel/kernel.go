// Package kernel finds what airroot's build takes from a Linux kernel (its
// release, modules tree, image, build configuration and device trees) in a
// Debian linux-image package or in folders on the host.
package kernel

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/airroot/airroot/host/deb"
)

// Kernel is one kernel's parts. Any part but Release and Modules may be
// missing.
type Kernel struct {
	Release string // uname -r: 6.1.0-50-rpi
	// Modules is the modules tree, lib/modules/RELEASE; ModulesWhere says
	// where it is, for messages.
	Modules      fs.FS
	ModulesWhere string
	// Image is the kernel image (boot/vmlinuz-RELEASE of a .deb); nil when
	// none was given. ImageName is its file name.
	Image     []byte
	ImageName string
	// Config is the build configuration (boot/config-RELEASE); nil when
	// unknown.
	Config Config
	// DeviceTrees holds the device tree blobs (*.dtb, maybe in vendor
	// folders) and overlays/; nil when none.
	DeviceTrees fs.FS
	// From names the source: the package's name, version and architecture,
	// or the modules folder.
	From string
}

// ErrNotFound reports a part of the kernel that is not where it should be.
var ErrNotFound = errors.New("not found")

// FromDeb takes the kernel from a linux-image package read with deb.Read;
// name is the .deb's file name, for messages. The package must hold one
// modules tree, under lib/modules or usr/lib/modules (merged /usr); the
// image, configuration and device trees are taken when it has them.
func FromDeb(pkg *deb.Package, name string) (*Kernel, error) {
	modDir, release, err := findModulesTree(pkg.Files)
	if err != nil {
		return nil, fmt.Errorf("kernel package %s: %w", name, err)
	}
	modules, err := fs.Sub(pkg.Files, modDir)
	if err != nil {
		return nil, fmt.Errorf("kernel package %s: %w", name, err)
	}
	k := &Kernel{
		Release:      release,
		Modules:      modules,
		ModulesWhere: name + ":" + modDir,
		From:         fmt.Sprintf("%s %s (%s)", pkg.Control["Package"], pkg.Control["Version"], pkg.Control["Architecture"]),
	}
	k.imageFromDeb(pkg.Files)
	if data, err := fs.ReadFile(pkg.Files, "boot/config-"+release); err == nil {
		if k.Config, err = ParseConfig(strings.NewReader(string(data))); err != nil {
			return nil, fmt.Errorf("kernel package %s: boot/config-%s: %w", name, release, err)
		}
	}
	if dtbs := "usr/lib/linux-image-" + release; isDir(pkg.Files, dtbs) {
		k.DeviceTrees, _ = fs.Sub(pkg.Files, dtbs)
	}
	return k, nil
}

// findModulesTree returns the one lib/modules/RELEASE folder of a package.
func findModulesTree(files fs.FS) (dir, release string, err error) {
	var found []string
	for _, base := range []string{"lib/modules", "usr/lib/modules"} {
		entries, err := fs.ReadDir(files, base)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() {
				found = append(found, path.Join(base, e.Name()))
			}
		}
	}
	switch len(found) {
	case 0:
		return "", "", fmt.Errorf("no lib/modules/RELEASE folder (is it a linux-image package?): %w", ErrNotFound)
	case 1:
		return found[0], path.Base(found[0]), nil
	}
	sort.Strings(found)
	return "", "", fmt.Errorf("%d modules trees (%s), want one", len(found), strings.Join(found, ", "))
}

// imageFromDeb takes boot/vmlinuz-RELEASE (or vmlinux-, Image-), when
// there is one.
func (k *Kernel) imageFromDeb(files fs.FS) {
	for _, prefix := range []string{"vmlinuz-", "vmlinux-", "Image-"} {
		p := "boot/" + prefix + k.Release
		if data, err := fs.ReadFile(files, p); err == nil {
			k.Image, k.ImageName = data, path.Base(p)
			return
		}
	}
}

// FromFolders takes the kernel from a modules tree on the host
// (lib/modules/RELEASE), and, when not "", a kernel image file and a folder
// of device trees. The build configuration is read from boot/config-RELEASE
// beside the tree's lib/ when there is one (an unpacked package or a root
// file system).
func FromFolders(modulesDir, imageFile, dtbsDir string) (*Kernel, error) {
	if st, err := os.Stat(modulesDir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("modules tree %s: not a folder: %w", modulesDir, ErrNotFound)
	}
	release := filepath.Base(filepath.Clean(modulesDir))
	k := &Kernel{Release: release, Modules: os.DirFS(modulesDir), ModulesWhere: modulesDir, From: modulesDir}
	if imageFile != "" {
		data, err := os.ReadFile(imageFile)
		if err != nil {
			return nil, fmt.Errorf("read kernel image: %w", err)
		}
		k.Image, k.ImageName = data, filepath.Base(imageFile)
	}
	if dtbsDir != "" {
		if st, err := os.Stat(dtbsDir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("device trees folder %s: not a folder: %w", dtbsDir, ErrNotFound)
		}
		k.DeviceTrees = os.DirFS(dtbsDir)
	}
	cfg := filepath.Join(modulesDir, "..", "..", "..", "boot", "config-"+release)
	if f, err := os.Open(cfg); err == nil {
		defer f.Close()
		if k.Config, err = ParseConfig(f); err != nil {
			return nil, fmt.Errorf("%s: %w", cfg, err)
		}
	}
	return k, nil
}

func isDir(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	return err == nil && st.IsDir()
}
