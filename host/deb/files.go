package deb

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// readFiles loads a data archive into an FS: regular files, directories,
// symbolic and hard links. Device nodes and FIFOs are skipped (a kernel
// package has none). A name that leaves the tree is an error.
func readFiles(tr *tar.Reader) (*FS, error) {
	f := newFS()
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		if err != nil {
			return nil, err
		}
		name, err := cleanName(h.Name)
		if err != nil {
			return nil, err
		}
		if name == "." {
			continue
		}
		if err := f.addEntry(tr, h, name); err != nil {
			return nil, err
		}
	}
}

// cleanName turns "./boot/vmlinuz" into "boot/vmlinuz".
func cleanName(name string) (string, error) {
	clean := path.Clean("/" + name)
	if strings.Contains(name, "\x00") || hasDotDot(name) {
		return "", fmt.Errorf("file name %q leaves the package's tree: %w", name, ErrFormat)
	}
	if clean == "/" {
		return ".", nil
	}
	return clean[1:], nil
}

func hasDotDot(name string) bool {
	for _, e := range strings.Split(name, "/") {
		if e == ".." {
			return true
		}
	}
	return false
}

func (f *FS) addEntry(tr *tar.Reader, h *tar.Header, name string) error {
	perm := fs.FileMode(h.Mode).Perm()
	switch h.Typeflag {
	case tar.TypeDir:
		f.add(name, &node{mode: fs.ModeDir | perm})
	case tar.TypeReg: // the reader reports old TypeRegA entries as TypeReg
		data, err := io.ReadAll(tr)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		f.add(name, &node{mode: perm, data: data})
	case tar.TypeSymlink:
		f.add(name, &node{mode: fs.ModeSymlink | 0o777, target: h.Linkname})
	case tar.TypeLink:
		target, err := cleanName(h.Linkname)
		if err != nil {
			return err
		}
		old, ok := f.nodes[target]
		if !ok || !old.mode.IsRegular() {
			return fmt.Errorf("hard link %s to %s: no such regular file earlier in the archive: %w", name, h.Linkname, ErrFormat)
		}
		f.add(name, &node{mode: old.mode, data: old.data})
	}
	return nil
}
