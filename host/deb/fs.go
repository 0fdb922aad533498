package deb

import (
	"bytes"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// FS is a read-only file tree held in memory. Open, Stat, ReadFile and
// ReadDir follow symbolic links inside the tree; a link's absolute target
// is taken from the tree's root, where dpkg would install the package.
// ReadLink and Lstat do not follow the last element. FS implements
// fs.ReadDirFS, fs.ReadFileFS, fs.StatFS and fs.ReadLinkFS.
type FS struct {
	nodes map[string]*node // by clean path; the root is "."
}

type node struct {
	mode     fs.FileMode
	data     []byte
	target   string              // a symbolic link's destination
	children map[string]struct{} // a directory's entries, by base name
}

// maxLinks bounds the symbolic links followed while resolving one name, as
// the kernel's ELOOP does.
const maxLinks = 40

func newFS() *FS {
	return &FS{nodes: map[string]*node{".": {mode: fs.ModeDir | 0o755, children: map[string]struct{}{}}}}
}

// add puts n at the clean path name, creating parent directories; a later
// entry for the same name replaces an earlier one (directories keep their
// entries).
func (f *FS) add(name string, n *node) {
	if old, ok := f.nodes[name]; ok && old.mode.IsDir() {
		if n.mode.IsDir() {
			old.mode = n.mode
			return
		}
		f.removeBelow(name)
	}
	if n.mode.IsDir() && n.children == nil {
		n.children = map[string]struct{}{}
	}
	parent := path.Dir(name)
	if _, ok := f.nodes[parent]; !ok || !f.nodes[parent].mode.IsDir() {
		f.add(parent, &node{mode: fs.ModeDir | 0o755})
	}
	f.nodes[parent].children[path.Base(name)] = struct{}{}
	f.nodes[name] = n
}

// removeBelow forgets everything inside the directory dir, which is being
// replaced by a file.
func (f *FS) removeBelow(dir string) {
	for p := range f.nodes {
		if strings.HasPrefix(p, dir+"/") {
			delete(f.nodes, p)
		}
	}
}

// resolve finds the node for name, following symbolic links in every
// element, and in the last one too when followLast is set. It returns the
// resolved path.
func (f *FS) resolve(op, name string, followLast bool) (string, *node, error) {
	if !fs.ValidPath(name) {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	notExist := &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	dir, rest, links := ".", splitPath(name), 0
	for len(rest) > 0 {
		elem := rest[0]
		rest = rest[1:]
		switch elem {
		case ".":
			continue
		case "..":
			dir = path.Dir(dir) // path.Dir(".") is "."
			continue
		}
		p := path.Join(dir, elem)
		n, ok := f.nodes[p]
		if !ok {
			return "", nil, notExist
		}
		if n.mode&fs.ModeSymlink != 0 && (len(rest) > 0 || followLast) {
			if links++; links > maxLinks {
				return "", nil, &fs.PathError{Op: op, Path: name, Err: errTooManyLinks}
			}
			if strings.HasPrefix(n.target, "/") {
				dir = "."
			}
			rest = append(splitPath(n.target), rest...)
			continue
		}
		if len(rest) > 0 && !n.mode.IsDir() {
			return "", nil, notExist
		}
		dir = p
	}
	return dir, f.nodes[dir], nil
}

func splitPath(p string) []string {
	var elems []string
	for _, e := range strings.Split(p, "/") {
		if e != "" {
			elems = append(elems, e)
		}
	}
	return elems
}

type linkError struct{}

func (linkError) Error() string { return "too many levels of symbolic links" }

var errTooManyLinks error = linkError{}

// Open opens the named file, following symbolic links.
func (f *FS) Open(name string) (fs.File, error) {
	p, n, err := f.resolve("open", name, true)
	if err != nil {
		return nil, err
	}
	return newFile(f, p, n), nil
}

// Stat describes the named file, following symbolic links.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	p, n, err := f.resolve("stat", name, true)
	if err != nil {
		return nil, err
	}
	return info{name: path.Base(p), n: n}, nil
}

// Lstat describes the named file; a symbolic link is described, not followed.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	p, n, err := f.resolve("lstat", name, false)
	if err != nil {
		return nil, err
	}
	return info{name: path.Base(p), n: n}, nil
}

// ReadLink returns the destination of the named symbolic link.
func (f *FS) ReadLink(name string) (string, error) {
	_, n, err := f.resolve("readlink", name, false)
	if err != nil {
		return "", err
	}
	if n.mode&fs.ModeSymlink == 0 {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return n.target, nil
}

// ReadFile returns a copy of the content of the named file.
func (f *FS) ReadFile(name string) ([]byte, error) {
	_, n, err := f.resolve("read", name, true)
	if err != nil {
		return nil, err
	}
	if n.mode.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	return bytes.Clone(n.data), nil
}

// ReadDir lists the named directory, sorted by name. Symbolic links in it
// are listed as links.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	p, n, err := f.resolve("readdir", name, true)
	if err != nil {
		return nil, err
	}
	if !n.mode.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errNotDir}
	}
	return f.entries(p, n), nil
}

func (f *FS) entries(p string, n *node) []fs.DirEntry {
	names := make([]string, 0, len(n.children))
	for c := range n.children {
		names = append(names, c)
	}
	sort.Strings(names)
	out := make([]fs.DirEntry, len(names))
	for i, c := range names {
		out[i] = fs.FileInfoToDirEntry(info{name: c, n: f.nodes[path.Join(p, c)]})
	}
	return out
}

type pathErr string

func (e pathErr) Error() string { return string(e) }

var (
	errIsDir  error = pathErr("is a directory")
	errNotDir error = pathErr("not a directory")
)

// info is the fs.FileInfo of a node.
type info struct {
	name string
	n    *node
}

func (i info) Name() string       { return i.name }
func (i info) Size() int64        { return int64(len(i.n.data)) }
func (i info) Mode() fs.FileMode  { return i.n.mode }
func (i info) ModTime() time.Time { return time.Time{} }
func (i info) IsDir() bool        { return i.n.mode.IsDir() }
func (i info) Sys() any           { return nil }
