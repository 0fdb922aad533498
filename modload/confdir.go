package modload

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// ModprobeDirs are the directories modprobe reads configuration from, in
// order of precedence, as paths in an fs.FS rooted at "/".
var ModprobeDirs = []string{
	"etc/modprobe.d",
	"run/modprobe.d",
	"usr/local/lib/modprobe.d",
	"usr/lib/modprobe.d",
	"lib/modprobe.d",
}

// ReadModprobeConf reads the *.conf files of dirs (paths in fsys, such as
// [ModprobeDirs] in os.DirFS("/")) the way modprobe does: every file name
// once, from the first directory that has it (so /etc/modprobe.d/x.conf
// hides /lib/modprobe.d/x.conf), all files in name order whatever their
// directory. Names starting with '.' and subdirectories are skipped; a
// missing directory is fine. As with [ParseModprobeConf], the error reports
// every line or file that could not be used, each naming its file, and the
// Conf holds the rest.
func ReadModprobeConf(fsys fs.FS, dirs ...string) (Conf, error) {
	files, errs := confFiles(fsys, dirs)
	var c Conf
	for _, p := range files {
		fc, err := readConfFile(fsys, p)
		c.Append(fc)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return c, errors.Join(errs...)
}

// confFiles lists the configuration files of dirs in reading order.
func confFiles(fsys fs.FS, dirs []string) ([]string, []error) {
	byName := make(map[string]string)
	var errs []error
	for _, dir := range dirs {
		entries, err := fs.ReadDir(fsys, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("read modprobe configuration /%s: %w", dir, err))
		}
		for _, e := range entries {
			name := e.Name()
			if _, seen := byName[name]; seen || !isConfFile(e) {
				continue
			}
			byName[name] = path.Join(dir, name)
		}
	}
	names := make([]string, 0, len(byName))
	for name := range byName {
		names = append(names, name)
	}
	sort.Strings(names)
	files := make([]string, len(names))
	for i, name := range names {
		files[i] = byName[name]
	}
	return files, errs
}

// isConfFile reports whether modprobe reads e: a *.conf name not starting
// with '.' that is not a directory.
func isConfFile(e fs.DirEntry) bool {
	name := e.Name()
	return !e.IsDir() && !strings.HasPrefix(name, ".") && len(name) > len(".conf") && strings.HasSuffix(name, ".conf")
}

func readConfFile(fsys fs.FS, p string) (Conf, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return Conf{}, fmt.Errorf("read modprobe configuration /%s: %w", p, err)
	}
	defer f.Close()
	c, err := ParseModprobeConf(f)
	if err != nil {
		return c, prefixLines(err, "/"+p+" ")
	}
	return c, nil
}

// prefixLines puts prefix before each error err joins ("line 3: ..."
// becomes "/etc/modprobe.d/x.conf line 3: ...").
func prefixLines(err error, prefix string) error {
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		return fmt.Errorf("%s%w", prefix, err)
	}
	errs := joined.Unwrap()
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = fmt.Errorf("%s%w", prefix, e)
	}
	return errors.Join(out...)
}
