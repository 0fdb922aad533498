// Package deb reads a Debian binary package (.deb) into memory: the fields of
// its control file and the files of its data archive as an fs.FS, so that a
// kernel package can be used without dpkg, root or a scratch directory.
package deb

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Package is a .deb read into memory.
type Package struct {
	// Control holds the fields of the control file (Package, Version,
	// Architecture...), by name as written.
	Control map[string]string
	// Files is the data archive: the files the package installs, paths
	// relative to / ("boot/vmlinuz-6.1.0-50-rpi").
	Files *FS
}

// ErrFormat reports a file that is not a well-formed .deb.
var ErrFormat = errors.New("not a Debian package")

// Read reads a .deb: an ar archive holding debian-binary ("2.0"),
// control.tar[.gz|.xz|.zst] and data.tar[.gz|.xz|.zst|.bz2].
func Read(r io.Reader) (*Package, error) {
	pkg := &Package{}
	seenVersion := false
	err := readAr(r, func(name string, body io.Reader) error {
		switch {
		case name == "debian-binary":
			seenVersion = true
			return checkVersion(body)
		case !seenVersion:
			return fmt.Errorf("first member is %q, want debian-binary: %w", name, ErrFormat)
		case strings.HasPrefix(name, "control.tar"):
			return readMember(name, body, func(tr *tar.Reader) (err error) {
				pkg.Control, err = readControl(tr)
				return err
			})
		case strings.HasPrefix(name, "data.tar"):
			return readMember(name, body, func(tr *tar.Reader) (err error) {
				pkg.Files, err = readFiles(tr)
				return err
			})
		}
		return nil // other members (signatures) are not ours to judge
	})
	if err != nil {
		return nil, fmt.Errorf("read .deb: %w", err)
	}
	if pkg.Files == nil {
		return nil, fmt.Errorf("read .deb: no data.tar member: %w", ErrFormat)
	}
	return pkg, nil
}

func checkVersion(body io.Reader) error {
	b, err := io.ReadAll(io.LimitReader(body, 64))
	if err != nil {
		return err
	}
	if major, _, _ := strings.Cut(strings.TrimSpace(string(b)), "."); major != "2" {
		return fmt.Errorf("debian-binary says format %q, want 2.x: %w", strings.TrimSpace(string(b)), ErrFormat)
	}
	return nil
}

// readMember decompresses a member named by its suffix and hands its tar
// reader to read.
func readMember(name string, body io.Reader, read func(*tar.Reader) error) error {
	r, err := decompress(name, body)
	if err != nil {
		return fmt.Errorf("member %s: %w", name, err)
	}
	defer r.Close()
	if err := read(tar.NewReader(r)); err != nil {
		return fmt.Errorf("member %s: %w", name, err)
	}
	return nil
}
