package artifact

import (
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// SysrootFile is one file a program needs, as it lies in a sysroot (Debian packages
// extracted into one folder).
type SysrootFile struct {
	// Path is slash-separated and relative to the sysroot: lib/arm-linux-gnueabihf/libc.so.6.
	Path string
	// Link is a symbolic link's target as stored; "" for a regular file.
	Link string
	// Size is a regular file's size.
	Size int64
}

// maxInterpLen bounds the interpreter's path, as PATH_MAX does.
const maxInterpLen = 4096

// maxLinkHops bounds a chain of symbolic links, as the kernel's ELOOP does.
const maxLinkHops = 40

// ResolveELF lists programs and every file the dynamic loader opens to run them: the
// interpreter (PT_INTERP) and the DT_NEEDED libraries, each looked up in libDirs in
// order, then theirs in turn. Symbolic links met on the way are listed along with
// their targets. Paths are relative to sysroot, in the order first needed; every ELF
// file must have the first program's class and machine.
func ResolveELF(sysroot fs.FS, libDirs []string, programs ...string) ([]SysrootFile, error) {
	r := &resolver{fsys: sysroot, dirs: libDirs, seen: map[string]bool{}}
	for _, p := range programs {
		if err := r.need(strings.TrimPrefix(path.Clean(p), "/"), ""); err != nil {
			return nil, err
		}
	}
	for len(r.queue) > 0 {
		next := r.queue[0]
		r.queue = r.queue[1:]
		if err := r.readELF(next); err != nil {
			return nil, err
		}
	}
	return r.files, nil
}

type resolver struct {
	fsys  fs.FS
	dirs  []string
	seen  map[string]bool
	files []SysrootFile
	queue []string // regular files whose ELF headers are still to read
	kind  *elf.FileHeader
}

// need adds p and the links leading to it, and queues the regular file at the end.
// by names who needed it, for messages.
func (r *resolver) need(p, by string) error {
	for hops := 0; ; hops++ {
		if hops > maxLinkHops {
			return fmt.Errorf("resolve %s: more than %d symbolic links", p, maxLinkHops)
		}
		info, err := fs.Lstat(r.fsys, p)
		if err != nil {
			return fmt.Errorf("resolve /%s%s: %w", p, neededBy(by), err)
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			if !info.Mode().IsRegular() {
				return fmt.Errorf("resolve /%s%s: %v is not a regular file", p, neededBy(by), info.Mode())
			}
			r.add(SysrootFile{Path: p, Size: info.Size()}, true)
			return nil
		}
		target, err := fs.ReadLink(r.fsys, p)
		if err != nil {
			return fmt.Errorf("resolve /%s%s: %w", p, neededBy(by), err)
		}
		r.add(SysrootFile{Path: p, Link: target}, false)
		if p, err = followLink(p, target); err != nil {
			return err
		}
	}
}

func neededBy(by string) string {
	if by == "" {
		return ""
	}
	return " (needed by /" + by + ")"
}

// followLink returns where the link at p points, relative to the sysroot's root: an
// absolute target starts at the sysroot's root, not the host's.
func followLink(p, target string) (string, error) {
	joined := target
	if !path.IsAbs(target) {
		joined = path.Join("/", path.Dir(p), target)
	}
	clean := strings.TrimPrefix(path.Clean("/"+joined), "/")
	if clean == "" || !fs.ValidPath(clean) {
		return "", fmt.Errorf("resolve /%s: link to %q leads nowhere in the sysroot", p, target)
	}
	return clean, nil
}

func (r *resolver) add(f SysrootFile, isELF bool) {
	if r.seen[f.Path] {
		return
	}
	r.seen[f.Path] = true
	r.files = append(r.files, f)
	if isELF {
		r.queue = append(r.queue, f.Path)
	}
}

// readELF needs the interpreter and libraries of the ELF file at p.
func (r *resolver) readELF(p string) error {
	data, err := fs.ReadFile(r.fsys, p)
	if err != nil {
		return fmt.Errorf("resolve /%s: %w", p, err)
	}
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("resolve /%s: %w", p, err)
	}
	if err := r.checkKind(p, &f.FileHeader); err != nil {
		return err
	}
	interp, needed, err := loaderNeeds(f)
	if err != nil {
		return fmt.Errorf("resolve /%s: %w", p, err)
	}
	if interp != "" {
		if err := r.need(strings.TrimPrefix(path.Clean(interp), "/"), p); err != nil {
			return err
		}
	}
	for _, lib := range needed {
		found, err := r.find(lib, p)
		if err != nil {
			return err
		}
		if err := r.need(found, p); err != nil {
			return err
		}
	}
	return nil
}

func (r *resolver) checkKind(p string, h *elf.FileHeader) error {
	if r.kind == nil {
		r.kind = h
		return nil
	}
	if h.Class != r.kind.Class || h.Machine != r.kind.Machine {
		return fmt.Errorf("resolve /%s: %v %v, want %v %v like the programs", p, h.Class, h.Machine, r.kind.Class, r.kind.Machine)
	}
	return nil
}

// loaderNeeds returns an ELF file's interpreter and DT_NEEDED names.
func loaderNeeds(f *elf.File) (interp string, needed []string, err error) {
	for _, prog := range f.Progs {
		if prog.Type != elf.PT_INTERP {
			continue
		}
		if prog.Filesz > maxInterpLen {
			return "", nil, fmt.Errorf("PT_INTERP of %d bytes: want a path of at most %d", prog.Filesz, maxInterpLen)
		}
		b := make([]byte, prog.Filesz)
		if _, err := prog.ReadAt(b, 0); err != nil {
			return "", nil, fmt.Errorf("read PT_INTERP: %w", err)
		}
		interp = string(bytes.TrimRight(b, "\x00"))
	}
	needed, err = f.ImportedLibraries()
	if err != nil {
		return "", nil, fmt.Errorf("read DT_NEEDED: %w", err)
	}
	return interp, needed, nil
}

// find looks lib up in the library folders, in order.
func (r *resolver) find(lib, by string) (string, error) {
	if strings.Contains(lib, "/") {
		return "", fmt.Errorf("resolve /%s: DT_NEEDED %q has a path; want a plain soname", by, lib)
	}
	for _, dir := range r.dirs {
		p := path.Join(dir, lib)
		if _, err := fs.Lstat(r.fsys, p); err == nil {
			return p, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("resolve %s (needed by /%s): %w", lib, by, err)
		}
	}
	return "", fmt.Errorf("resolve %s (needed by /%s): not found in /%s", lib, by, strings.Join(r.dirs, ", /"))
}
