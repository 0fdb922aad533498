package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// mount is one line of /proc/self/mountinfo.
type mount struct {
	Point   string
	FSType  string
	Source  string
	Options string // the mount's own: ro or rw first, then nosuid, nodev...
	// SuperOptions are the filesystem's own options, comma-separated (for NFS: hard
	// or soft, timeo=, retrans=).
	SuperOptions string
}

// parseMountinfo reads /proc/PID/mountinfo lines:
// "ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS".
func parseMountinfo(r io.Reader) ([]mount, error) {
	var mounts []mount
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		m, err := parseMountinfoLine(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("parse mountinfo line %d: %w", n, err)
		}
		mounts = append(mounts, m)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read mountinfo: %w", err)
	}
	return mounts, nil
}

func parseMountinfoLine(line string) (mount, error) {
	fields := strings.Fields(line)
	sep := -1
	for i := 6; i < len(fields); i++ {
		if fields[i] == "-" {
			sep = i
			break
		}
	}
	if sep < 0 || sep+2 >= len(fields) {
		return mount{}, fmt.Errorf("want 6 fields, '-', fstype and source in %q", line)
	}
	return mount{
		Point:        unescapeOctal(fields[4]),
		FSType:       fields[sep+1],
		Source:       unescapeOctal(fields[sep+2]),
		Options:      fields[5],
		SuperOptions: strings.Join(fields[sep+3:], " "),
	}, nil
}

// unescapeOctal undoes the kernel's \ooo escaping of space, tab, newline and backslash.
func unescapeOctal(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// parseMeminfo reads /proc/meminfo into sizes in bytes ("kB" values scaled by 1024,
// unitless counts kept as they are).
func parseMeminfo(r io.Reader) (map[string]int64, error) {
	info := map[string]int64{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			continue
		}
		v, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("parse meminfo %s: %w", name, err)
		}
		if len(fields) > 1 && fields[1] == "kB" {
			if v > math.MaxInt64/1024 || v < math.MinInt64/1024 {
				return nil, fmt.Errorf("parse meminfo %s: %d kB is out of range", name, v)
			}
			v *= 1024
		}
		info[strings.TrimSpace(name)] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read meminfo: %w", err)
	}
	return info, nil
}
