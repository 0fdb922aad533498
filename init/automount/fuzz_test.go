package automount

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzProbe checks that Probe never panics, names only the file systems it
// knows, and reads labels no longer than the on-disk fields.
func FuzzProbe(f *testing.F) {
	for _, name := range []string{"vfat.head", "ext2.head", "ext3.head", "ext4.head"} {
		f.Add(readHead(f, name))
	}
	f.Add(fatHead("X"))
	f.Add(extHead(0, extJournalDev, 0, "j"))
	f.Fuzz(func(t *testing.T, head []byte) {
		fs, ok := Probe(head)
		if !ok {
			if fs != (Filesystem{}) {
				t.Fatalf("Probe = %+v with ok false", fs)
			}
			return
		}
		switch {
		case fs.FSType == "vfat" && fs.Name == "vfat" && len(fs.Label) <= 11:
		case fs.FSType == "ext4" && strings.HasPrefix(fs.Name, "ext") && len(fs.Label) <= 16:
		default:
			t.Fatalf("Probe = %+v", fs)
		}
	})
}

// FuzzDirName checks that any label and device name give one safe path
// element, never one that is taken.
func FuzzDirName(f *testing.F) {
	f.Add("STICK", "sda1", "STICK")
	f.Add("..", "sda1", "")
	f.Add("a/b", "", "a_b")
	f.Fuzz(func(t *testing.T, label, dev, taken string) {
		got := DirName(label, dev, func(s string) bool { return s == taken })
		if got == "" || got == "." || got == ".." || strings.ContainsAny(got, "/\x00") || got == taken ||
			filepath.Base(got) != got || !utf8.ValidString(got) {
			t.Fatalf("DirName(%q, %q) = %q (taken %q)", label, dev, got, taken)
		}
	})
}
