package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/host/initramfs"
	"github.com/google/go-cmp/cmp"
)

func TestMeasureArchive(t *testing.T) {
	a := initramfs.NewArchive()
	a.File("bin/busybox", bytes.Repeat([]byte("busybox "), 4096), 0o755, "")
	a.File("lib/libc.so.6", []byte("libc"), 0o644, "")
	a.Symlink("lib/ld.so", "libc.so.6", "")
	s, err := MeasureArchive(a)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"bin/busybox", "lib/ld.so", "lib/libc.so.6"}, s.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if s.Bytes != 8*4096+4 {
		t.Errorf("Bytes = %d, want the regular files' sizes only, %d", s.Bytes, 8*4096+4)
	}
	if s.CPIOBytes <= s.Bytes || s.GzipBytes >= s.CPIOBytes || s.GzipBytes == 0 {
		t.Errorf("cpio %d, gzip %d bytes: want cpio > %d (headers) and 0 < gzip < cpio", s.CPIOBytes, s.GzipBytes, s.Bytes)
	}
}

func TestMeasureUserland(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "bin", "busybox"), "static busybox")
	writeFile(t, filepath.Join(dir, "lib", "libc.so.6"), "libc")
	if err := os.Symlink("libc.so.6", filepath.Join(dir, "lib", "libc.so")); err != nil {
		t.Fatal(err)
	}
	u := Userland{Sysroot: Sysroot{Dir: dir}, Files: []artifact.SysrootFile{
		{Path: "bin/busybox", Size: 14}, {Path: "lib/libc.so", Link: "libc.so.6"}, {Path: "lib/libc.so.6", Size: 4},
	}}
	s, err := MeasureUserland(u)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"bin/busybox", "lib/libc.so", "lib/libc.so.6"}, s.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if s.Bytes != 18 {
		t.Errorf("Bytes = %d, want 18", s.Bytes)
	}
	u.Files = append(u.Files, artifact.SysrootFile{Path: "sbin/iw", Size: 1})
	if _, err := MeasureUserland(u); err == nil {
		t.Error("MeasureUserland with a missing file: nil error")
	}
}

func TestMeasureInit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "init")
	writeFile(t, path, "\x7fELF airroot")
	s, err := MeasureInit(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"init"}, s.Files); diff != "" || s.Bytes != 12 {
		t.Errorf("MeasureInit = %v, %d bytes; want [init], 12 bytes (%s)", s.Files, s.Bytes, diff)
	}
	if _, err := MeasureInit(filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Error("MeasureInit of a missing file: nil error")
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}
