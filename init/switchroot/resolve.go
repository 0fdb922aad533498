package switchroot

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
)

// maxSymlinks is how many links a path may follow, as in the kernel.
const maxSymlinks = 40

// ErrNoInit is returned when the new root has no usable init.
var ErrNoInit = errors.New("no executable init")

// fileSystem is what resolving a path needs; os-backed by default, an
// fstest-like fake in tests.
type fileSystem interface {
	Lstat(name string) (fs.FileInfo, error)
	Readlink(name string) (string, error)
}

type osFS struct{}

func (osFS) Lstat(name string) (fs.FileInfo, error) { return os.Lstat(name) }
func (osFS) Readlink(name string) (string, error)   { return os.Readlink(name) }

// CheckInit reports whether init, an absolute path as the new root will see
// it, names an executable regular file inside newRoot. Symbolic links are
// followed as they will be after the switch: absolute targets are taken
// relative to newRoot (/sbin/init -> /lib/systemd/systemd is the usual case).
func CheckInit(newRoot, init string) error {
	return checkInit(osFS{}, newRoot, init)
}

func checkInit(fsys fileSystem, newRoot, init string) error {
	if !path.IsAbs(init) {
		return fmt.Errorf("%w %q: init= must be an absolute path", ErrNoInit, init)
	}
	resolved, fi, err := resolveIn(fsys, newRoot, init)
	if err != nil {
		return fmt.Errorf("%w %s on the new root: %w", ErrNoInit, init, err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%w %s on the new root: %s is a %s, not a file", ErrNoInit, init, resolved, fi.Mode().Type())
	}
	if fi.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("%w %s on the new root: %s is not executable (mode %v)", ErrNoInit, init, resolved, fi.Mode().Perm())
	}
	return nil
}

// resolveIn follows name inside root as if root were /, returning the final
// path (relative to root, absolute in form) and its file information.
func resolveIn(fsys fileSystem, root, name string) (string, fs.FileInfo, error) {
	links := 0
	done := "/"
	rest := strings.Split(strings.Trim(path.Clean(name), "/"), "/")
	for len(rest) > 0 {
		elem := rest[0]
		rest = rest[1:]
		next := path.Join(done, elem)
		fi, err := fsys.Lstat(path.Join(root, next))
		if err != nil {
			return next, nil, err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			if len(rest) > 0 && !fi.IsDir() {
				return next, nil, fmt.Errorf("%s: not a directory", next)
			}
			done = next
			if len(rest) == 0 {
				return done, fi, nil
			}
			continue
		}
		links++
		if links > maxSymlinks {
			return next, nil, fmt.Errorf("%s: too many levels of symbolic links", name)
		}
		target, err := fsys.Readlink(path.Join(root, next))
		if err != nil {
			return next, nil, err
		}
		if path.IsAbs(target) {
			done = "/"
		}
		rest = append(strings.Split(strings.Trim(path.Clean(target), "/"), "/"), rest...)
	}
	fi, err := fsys.Lstat(path.Join(root, done))
	return done, fi, err
}
