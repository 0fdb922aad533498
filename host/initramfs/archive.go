// Package initramfs builds airroot's initramfs: /init, the kernel modules it
// needs with their modules.dep and modules.alias, the firmware they name, the
// Wi-Fi configuration and /etc/initrd-release, written as a reproducible newc
// cpio archive (u-root's cpio package), compressed or not.
package initramfs

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/u-root/u-root/pkg/cpio"
)

// Entry is one file or symbolic link of the archive, with why it is there.
type Entry struct {
	Name string // path in the archive, without a leading slash
	Size int64
	Link string // a symbolic link's target; "" for a regular file
	Why  string
}

// Archive collects the files of an initramfs. Adding a path twice keeps the
// last one. Parent directories are created as needed.
type Archive struct {
	records map[string]cpio.Record
	why     map[string]string
}

// NewArchive returns an empty archive.
func NewArchive() *Archive {
	return &Archive{records: map[string]cpio.Record{}, why: map[string]string{}}
}

// File adds a regular file.
func (a *Archive) File(name string, data []byte, perm uint64, why string) {
	a.add(cpio.StaticFile(clean(name), string(data), perm), why)
}

// Dir adds a directory.
func (a *Archive) Dir(name string, perm uint64) {
	a.add(cpio.Directory(clean(name), perm), "")
}

// CharDev adds a character device node.
func (a *Archive) CharDev(name string, perm, major, minor uint64) {
	a.add(cpio.CharDev(clean(name), perm, major, minor), "")
}

// Symlink adds a symbolic link.
func (a *Archive) Symlink(name, target, why string) {
	a.add(cpio.Symlink(clean(name), target), why)
}

func (a *Archive) add(r cpio.Record, why string) {
	a.records[r.Name] = r
	if why != "" {
		a.why[r.Name] = why
	}
}

// Has reports whether the archive has a file at name.
func (a *Archive) Has(name string) bool {
	_, ok := a.records[clean(name)]
	return ok
}

// Entries lists the regular files and symbolic links, sorted by name.
func (a *Archive) Entries() []Entry {
	var out []Entry
	for name, r := range a.records {
		switch r.Mode & cpio.S_IFMT {
		case cpio.S_IFREG:
			out = append(out, Entry{Name: name, Size: int64(r.FileSize), Why: a.why[name]})
		case cpio.S_IFLNK:
			out = append(out, Entry{Name: name, Size: int64(r.FileSize), Link: linkTarget(r), Why: a.why[name]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// WriteTo writes the archive as newc cpio: entries sorted, parent
// directories first, owners root, times zero, so the same files always give
// the same bytes.
func (a *Archive) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	recs := a.sorted()
	rw := cpio.Newc.Writer(cw)
	if err := cpio.WriteRecords(rw, recs); err != nil {
		return cw.n, fmt.Errorf("write cpio: %w", err)
	}
	if err := cpio.WriteTrailer(rw); err != nil {
		return cw.n, fmt.Errorf("write cpio trailer: %w", err)
	}
	return cw.n, nil
}

// sorted returns the records in name order, each directory before what it
// holds (the kernel does not create missing parents), with inode numbers
// given in that order.
func (a *Archive) sorted() []cpio.Record {
	all := make(map[string]cpio.Record, len(a.records))
	for n, r := range a.records {
		all[n] = r
		for d := path.Dir(n); d != "." && d != "/"; d = path.Dir(d) {
			if _, ok := a.records[d]; !ok {
				all[d] = cpio.Directory(d, 0o755)
			}
		}
	}
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	recs := make([]cpio.Record, 0, len(names))
	for i, n := range names {
		r := cpio.MakeReproducible(all[n])
		r.Ino = uint64(i + 1)
		r.NLink = 1
		recs = append(recs, r)
	}
	return recs
}

// Bytes is the archive's content.
func (a *Archive) Bytes() ([]byte, error) {
	var b bytes.Buffer
	_, err := a.WriteTo(&b)
	return b.Bytes(), err
}

// linkTarget reads a symbolic link record's target.
func linkTarget(r cpio.Record) string {
	b, _ := content(r)
	return string(b)
}

// content reads a record's data.
func content(r cpio.Record) ([]byte, error) {
	return io.ReadAll(io.NewSectionReader(r, 0, int64(r.FileSize)))
}

// Lookup returns the content of the regular file at name.
func (a *Archive) Lookup(name string) ([]byte, bool) {
	r, ok := a.records[clean(name)]
	if !ok || r.Mode&cpio.S_IFMT != cpio.S_IFREG {
		return nil, false
	}
	b, err := content(r)
	return b, err == nil
}

func clean(name string) string {
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
