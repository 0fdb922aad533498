package automount

import (
	"strconv"
	"strings"
	"unicode"
)

// maxName bounds a mount point's name; labels are at most 16 bytes, so
// only a device name could come near.
const maxName = 64

// DirName is the name under /media for a file system with label on device
// dev (sda1): the label, with '/', white space and unprintable characters
// written '_', or dev when that leaves nothing, only dots, or too much.
// taken reports names in use; a name taken gets "-2", "-3", ... appended.
func DirName(label, dev string, taken func(string) bool) string {
	name := cleanName(label)
	if name == "" {
		name = cleanName(dev)
	}
	if name == "" {
		name = "disk"
	}
	if !taken(name) {
		return name
	}
	for n := 2; ; n++ {
		if s := name + "-" + strconv.Itoa(n); !taken(s) {
			return s
		}
	}
}

// cleanName makes s safe as one path element; "" when it cannot be.
func cleanName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Map(func(r rune) rune {
		if r == '/' || r == unicode.ReplacementChar || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return '_'
		}
		return r
	}, s)
	if strings.Trim(s, ".") == "" || len(s) > maxName {
		return ""
	}
	return s
}
