package modload

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// scan finds every module file in fsys and reads its .modinfo section.
// When two files give the same module name, one under updates/ wins (depmod's
// default search order), else the first in path order.
func scan(fsys fs.FS) (map[string]*entry, error) {
	paths, err := modulePaths(fsys)
	if err != nil {
		return nil, err
	}
	entries, err := readEntries(fsys, paths)
	if err != nil {
		return nil, err
	}
	modules := make(map[string]*entry, len(entries))
	for _, e := range entries {
		if old, dup := modules[e.name]; dup && !preferred(e.path, old.path) {
			continue
		}
		modules[e.name] = e
	}
	return modules, nil
}

func preferred(p, old string) bool {
	return strings.HasPrefix(p, "updates/") && !strings.HasPrefix(old, "updates/")
}

// modulePaths lists the module files in fsys, sorted. Symbolic links (such as
// the build and source links of an installed kernel) are not followed.
func modulePaths(fsys fs.FS) ([]string, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("scan modules: %w", err)
		}
		if d.Type().IsRegular() && moduleSuffix(d.Name()) != "" {
			paths = append(paths, p)
		}
		return nil
	})
	sort.Strings(paths)
	return paths, err
}

// readEntries reads the .modinfo of each path, a few files at a time.
func readEntries(fsys fs.FS, paths []string) ([]*entry, error) {
	entries := make([]*entry, len(paths))
	errs := make([]error, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				entries[i], errs[i] = readEntry(fsys, paths[i])
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return entries, nil
}

func readEntry(fsys fs.FS, p string) (*entry, error) {
	mi, err := readModinfoFile(fsys, p)
	if err != nil {
		return nil, err
	}
	name := mi.Name
	if name == "" {
		name = Name(p)
	}
	return &entry{name: name, path: p, depends: mi.Depends, firmware: mi.Firmware, aliases: mi.Aliases, softdep: mi.Softdep}, nil
}

// readModinfoFile reads the .modinfo section of the module file p in fsys,
// reading only the parts of an uncompressed file it needs when fsys allows
// it; a compressed file (.ko.gz, .ko.xz, .ko.zst) is decompressed first.
func readModinfoFile(fsys fs.FS, p string) (Modinfo, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return Modinfo{}, fmt.Errorf("read modinfo: %w", err)
	}
	defer f.Close()
	var mi Modinfo
	if c := compressionOf(p); c != uncompressed {
		mi, err = readCompressedModinfo(c, f)
	} else {
		mi, err = readModinfoFrom(f)
	}
	if err != nil {
		return Modinfo{}, fmt.Errorf("read modinfo %s: %w", p, err)
	}
	return mi, nil
}

func readModinfoFrom(f fs.File) (Modinfo, error) {
	if ra, ok := f.(io.ReaderAt); ok {
		return readModinfo(ra)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return Modinfo{}, err
	}
	return readModinfo(bytes.NewReader(data))
}

func readCompressedModinfo(c compression, r io.Reader) (Modinfo, error) {
	data, err := decompress(c, r)
	if err != nil {
		return Modinfo{}, err
	}
	return readModinfo(bytes.NewReader(data))
}
