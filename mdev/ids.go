package mdev

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
)

// IDLookup resolves the user and group names of mdev.conf. Numbers never
// need it.
type IDLookup interface {
	UserID(name string) (uint32, bool)
	GroupID(name string) (uint32, bool)
}

// IDs maps names to numbers, as /etc/passwd and /etc/group do.
type IDs struct {
	Users  map[string]uint32
	Groups map[string]uint32
}

// UserID returns the uid of the user called name.
func (ids IDs) UserID(name string) (uint32, bool) {
	id, ok := ids.Users[name]
	return id, ok
}

// GroupID returns the gid of the group called name.
func (ids IDs) GroupID(name string) (uint32, bool) {
	id, ok := ids.Groups[name]
	return id, ok
}

// ReadIDs reads etc/passwd and etc/group from fsys (the initramfs root).
// A missing file leaves its map empty.
func ReadIDs(fsys fs.FS) (IDs, error) {
	var ids IDs
	var err error
	if ids.Users, err = readIDFile(fsys, "etc/passwd"); err != nil {
		return IDs{}, err
	}
	if ids.Groups, err = readIDFile(fsys, "etc/group"); err != nil {
		return IDs{}, err
	}
	return ids, nil
}

func readIDFile(fsys fs.FS, name string) (map[string]uint32, error) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]uint32{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read /%s: %w", name, err)
	}
	defer f.Close()
	ids, err := ParseIDFile(f)
	if err != nil {
		return nil, fmt.Errorf("read /%s: %w", name, err)
	}
	return ids, nil
}

// ParseIDFile reads /etc/passwd or /etc/group lines, "name:password:id:...",
// into a map of names to ids. Blank lines and '#' comments are skipped; the
// first line for a name wins, as getpwnam(3) does.
func ParseIDFile(r io.Reader) (map[string]uint32, error) {
	ids := make(map[string]uint32)
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, ":")
		if len(fields) < 3 || fields[0] == "" {
			return nil, fmt.Errorf("line %d: want name:password:id:..., got %q", n, line)
		}
		id, err := strconv.ParseUint(fields[2], 10, 32)
		if err != nil {
			return nil, fmt.Errorf("line %d: id %q of %s is not a number", n, fields[2], fields[0])
		}
		if _, dup := ids[fields[0]]; !dup {
			ids[fields[0]] = uint32(id)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return ids, nil
}
