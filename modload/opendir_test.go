package modload

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestOpenDir indexes a tree on disk, with a gzip-compressed module, and
// checks the directory is named in messages.
func TestOpenDir(t *testing.T) {
	dir := t.TempDir()
	write := func(p string, data []byte) {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("kernel/net/rfkill/rfkill.ko", fakeModule(t, arm64, "name=rfkill"))
	write("kernel/net/wireless/cfg80211.ko.gz", gzipped(t, fakeModule(t, arm64, "name=cfg80211", "depends=rfkill")))
	ix, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ix.Closure("cfg80211")
	if err != nil {
		t.Fatal(err)
	}
	want := []Module{
		{Name: "rfkill", Path: "kernel/net/rfkill/rfkill.ko", NeededBy: "cfg80211"},
		{Name: "cfg80211", Path: "kernel/net/wireless/cfg80211.ko.gz", Depends: []string{"rfkill"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Closure (-want +got):\n%s", diff)
	}
	_, err = ix.Closure("nope")
	if want := `module "nope" not found in ` + dir; err == nil || err.Error() != want {
		t.Errorf("Closure(nope) error = %v, want %q", err, want)
	}
	if _, err := OpenDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("OpenDir of a missing directory succeeded")
	}
}

func gzipped(t *testing.T, data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// streamFS hides the ReadAt of its files, like a file system that can only stream.
type streamFS struct{ fs.FS }

type streamFile struct{ f fs.File }

func (s streamFile) Stat() (fs.FileInfo, error) { return s.f.Stat() }
func (s streamFile) Read(p []byte) (int, error) { return s.f.Read(p) }
func (s streamFile) Close() error               { return s.f.Close() }

func (s streamFS) Open(name string) (fs.File, error) {
	f, err := s.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if _, isDir := f.(fs.ReadDirFile); isDir {
		return f, nil
	}
	return streamFile{f}, nil
}

func TestOpenStreamingFS(t *testing.T) {
	fsys := streamFS{fstest.MapFS{"kernel/a.ko": &fstest.MapFile{Data: fakeModule(t, arm32, "name=a", "firmware=a.bin")}}}
	ix, err := Open(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := ix.Lookup("a")
	want := Module{Name: "a", Path: "kernel/a.ko", Firmware: []string{"a.bin"}}
	if diff := cmp.Diff(want, got); !ok || diff != "" {
		t.Errorf("Lookup(a) = %v (-want +got):\n%s", ok, diff)
	}
}
