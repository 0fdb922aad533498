package deb

import (
	"bytes"
	"io"
	"io/fs"
	"path"
)

// file is an open file or directory of an FS. It implements io.ReaderAt and
// io.Seeker for regular files and fs.ReadDirFile for directories.
type file struct {
	*bytes.Reader
	fsys    *FS
	path    string
	n       *node
	entries []fs.DirEntry // a directory's remaining entries, once listed
	listed  bool
}

func newFile(fsys *FS, p string, n *node) *file {
	return &file{Reader: bytes.NewReader(n.data), fsys: fsys, path: p, n: n}
}

func (f *file) Stat() (fs.FileInfo, error) { return info{name: path.Base(f.path), n: f.n}, nil }

func (f *file) Close() error { return nil }

func (f *file) Read(p []byte) (int, error) {
	if f.n.mode.IsDir() {
		return 0, &fs.PathError{Op: "read", Path: f.path, Err: errIsDir}
	}
	return f.Reader.Read(p)
}

// ReadDir returns the next n entries of a directory, or all the rest when
// n <= 0, as fs.ReadDirFile says.
func (f *file) ReadDir(n int) ([]fs.DirEntry, error) {
	if !f.n.mode.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: f.path, Err: errNotDir}
	}
	if !f.listed {
		f.entries, f.listed = f.fsys.entries(f.path, f.n), true
	}
	if n <= 0 {
		rest := f.entries
		f.entries = nil
		return rest, nil
	}
	if len(f.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(f.entries))
	out := f.entries[:n]
	f.entries = f.entries[n:]
	return out, nil
}
