package deb

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/airroot/airroot/host/deb/debtest"
)

// FuzzRead checks that Read never panics and that what it accepts is a
// file tree that can be walked, every file readable and every name valid.
func FuzzRead(f *testing.F) {
	for _, c := range []string{"", "gz"} {
		data, err := debtest.Deb(testControl, kernelFiles, c)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("!<arch>\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pkg, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		err = fs.WalkDir(pkg.Files, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !fs.ValidPath(p) {
				t.Errorf("invalid path %q", p)
			}
			if d.Type().IsRegular() {
				if _, err := fs.ReadFile(pkg.Files, p); err != nil {
					t.Errorf("ReadFile(%s): %v", p, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Errorf("WalkDir: %v", err)
		}
	})
}

// FuzzParseControl checks that ParseControl never panics and that every
// field it returns has a name without white space or a colon.
func FuzzParseControl(f *testing.F) {
	f.Add(testControl)
	f.Add("A: 1\n b\n\nB:\n")
	f.Fuzz(func(t *testing.T, text string) {
		fields, err := ParseControl(text)
		if err != nil {
			return
		}
		for name := range fields {
			if name == "" || strings.ContainsAny(name, " \t\n:") {
				t.Errorf("field name %q", name)
			}
		}
	})
}
