package layout

import (
	"path"
	"testing"
)

// The declarations are what every program relies on: absolute, clean and
// each named once, with who writes and who reads it.
func TestFiles(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Files {
		if !path.IsAbs(f.Path) || path.Clean(f.Path) != f.Path {
			t.Errorf("%q: want an absolute, clean path", f.Path)
		}
		if seen[f.Path] {
			t.Errorf("%q declared twice", f.Path)
		}
		seen[f.Path] = true
		if f.Writer == "" || f.Reader == "" || f.What == "" {
			t.Errorf("%q: says nothing of who writes it, who reads it or what it holds", f.Path)
		}
		if got := f.InArchive(); got == "" || got[0] == '/' || "/"+got != f.Path {
			t.Errorf("%q.InArchive() = %q", f.Path, got)
		}
	}
}
