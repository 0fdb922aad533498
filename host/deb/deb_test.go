package deb

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/host/deb/debtest"
	"github.com/google/go-cmp/cmp"
)

const testControl = "Package: linux-image-6.1.0-test\nVersion: 6.1.1-1\nArchitecture: armel\n" +
	"Description: a kernel\n for tests\n"

// kernelFiles is a small kernel package's data, with each kind of entry.
var kernelFiles = []debtest.File{
	{Name: "boot", Mode: fs.ModeDir | 0o755},
	{Name: "boot/vmlinuz-6.1.0-test", Data: "kernel image"},
	{Name: "boot/config-6.1.0-test", Data: "CONFIG_RD_GZIP=y\n"},
	{Name: "lib/modules/6.1.0-test/kernel/fs/nfs/nfs.ko", Data: "nfs module"},
	{Name: "lib/modules/6.1.0-test/build", Data: "/usr/src/linux-headers-6.1.0-test", Mode: fs.ModeSymlink},
	{Name: "usr/lib/linux-image-6.1.0-test/bcm2835-rpi-zero-w.dtb", Data: "dtb"},
	{Name: "usr/lib/linux-image-6.1.0-test/zero-w.dtb", Data: "bcm2835-rpi-zero-w.dtb", Mode: fs.ModeSymlink},
	{Name: "usr/lib/linux-image-6.1.0-test/abs.dtb", Data: "/usr/lib/linux-image-6.1.0-test/bcm2835-rpi-zero-w.dtb", Mode: fs.ModeSymlink},
	{Name: "usr/lib/linux-image-6.1.0-test/hard.dtb", Data: "usr/lib/linux-image-6.1.0-test/bcm2835-rpi-zero-w.dtb", HardLink: true},
}

func readTestDeb(t *testing.T, compression string) *Package {
	t.Helper()
	data, err := debtest.Deb(testControl, kernelFiles, compression)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return pkg
}

func TestReadCompressions(t *testing.T) {
	for _, compression := range []string{"gz", "xz", "zst", ""} {
		t.Run("data.tar."+compression, func(t *testing.T) {
			pkg := readTestDeb(t, compression)
			wantControl := map[string]string{
				"Package": "linux-image-6.1.0-test", "Version": "6.1.1-1", "Architecture": "armel",
				"Description": "a kernel\nfor tests",
			}
			if diff := cmp.Diff(wantControl, pkg.Control); diff != "" {
				t.Errorf("control (-want +got):\n%s", diff)
			}
			read := map[string]string{
				"boot/vmlinuz-6.1.0-test":                               "kernel image",
				"lib/modules/6.1.0-test/kernel/fs/nfs/nfs.ko":           "nfs module",
				"usr/lib/linux-image-6.1.0-test/zero-w.dtb":             "dtb",
				"usr/lib/linux-image-6.1.0-test/abs.dtb":                "dtb",
				"usr/lib/linux-image-6.1.0-test/hard.dtb":               "dtb",
				"usr/lib/linux-image-6.1.0-test/bcm2835-rpi-zero-w.dtb": "dtb",
			}
			for name, want := range read {
				got, err := fs.ReadFile(pkg.Files, name)
				if err != nil || string(got) != want {
					t.Errorf("ReadFile(%s) = %q, %v; want %q", name, got, err, want)
				}
			}
		})
	}
}

// TestFSConforms runs the standard library's fs.FS conformance checks,
// symbolic links included (but for the dangling build link, which it
// cannot open).
func TestFSConforms(t *testing.T) {
	var files []debtest.File
	for _, f := range kernelFiles {
		if !strings.HasSuffix(f.Name, "/build") {
			files = append(files, f)
		}
	}
	data, err := debtest.Deb(testControl, files, "gz")
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(pkg.Files, "boot/vmlinuz-6.1.0-test", "usr/lib/linux-image-6.1.0-test/zero-w.dtb",
		"lib/modules/6.1.0-test/kernel/fs/nfs/nfs.ko"); err != nil {
		t.Error(err)
	}
}

func TestFSLinks(t *testing.T) {
	files := readTestDeb(t, "").Files
	if got, err := fs.ReadLink(files, "usr/lib/linux-image-6.1.0-test/zero-w.dtb"); err != nil || got != "bcm2835-rpi-zero-w.dtb" {
		t.Errorf("ReadLink = %q, %v", got, err)
	}
	st, err := fs.Lstat(files, "lib/modules/6.1.0-test/build")
	if err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat(build) = %v, %v; want a symbolic link", st, err)
	}
	// The build link points outside the package: following it fails.
	if _, err := fs.Stat(files, "lib/modules/6.1.0-test/build"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat(dangling link) = %v, want ErrNotExist", err)
	}
	if _, err := fs.ReadLink(files, "boot/vmlinuz-6.1.0-test"); err == nil {
		t.Error("ReadLink of a regular file: no error")
	}
}

func TestFSLinkLoop(t *testing.T) {
	f := newFS()
	f.add("a", &node{mode: fs.ModeSymlink | 0o777, target: "b"})
	f.add("b", &node{mode: fs.ModeSymlink | 0o777, target: "a"})
	if _, err := f.Open("a"); !errors.Is(err, errTooManyLinks) {
		t.Errorf("Open(loop) = %v, want too many links", err)
	}
	f.add("up", &node{mode: fs.ModeSymlink | 0o777, target: "../.."})
	if st, err := f.Stat("up"); err != nil || !st.IsDir() {
		t.Errorf("Stat(link above the root) = %v, %v; want the root", st, err)
	}
}

func TestReadErrors(t *testing.T) {
	data := func(files []debtest.File) []byte {
		tarball, err := debtest.Tar(files)
		if err != nil {
			t.Fatal(err)
		}
		return tarball
	}
	okData := data([]debtest.File{{Name: "x", Data: "y"}})
	version := debtest.Member{Name: "debian-binary", Data: []byte("2.0\n")}
	tests := []struct {
		name string
		deb  []byte
		want error
	}{
		{name: "not ar", deb: []byte("hello, world"), want: ErrFormat},
		{name: "empty", deb: nil, want: ErrFormat},
		{name: "no data", deb: debtest.Ar([]debtest.Member{version}), want: ErrFormat},
		{name: "format 3", deb: debtest.Ar([]debtest.Member{{Name: "debian-binary", Data: []byte("3.0\n")}}), want: ErrFormat},
		{name: "data first", deb: debtest.Ar([]debtest.Member{{Name: "data.tar", Data: okData}}), want: ErrFormat},
		{name: "unknown compression", deb: debtest.Ar([]debtest.Member{version, {Name: "data.tar.lz", Data: okData}}), want: ErrFormat},
		{name: "path escapes", deb: debtest.Ar([]debtest.Member{version, {Name: "data.tar", Data: data([]debtest.File{{Name: "../etc/passwd", Data: "x"}})}}), want: ErrFormat},
		{name: "hard link to nothing", deb: debtest.Ar([]debtest.Member{version, {Name: "data.tar", Data: data([]debtest.File{{Name: "a", Data: "b", HardLink: true}})}}), want: ErrFormat},
		{name: "truncated", deb: debtest.Ar([]debtest.Member{version, {Name: "data.tar", Data: okData}})[:100]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(tt.deb))
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Read = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParseControl(t *testing.T) {
	tests := []struct {
		name, text string
		want       map[string]string
		wantErr    bool
	}{
		{name: "fields", text: "Package: a\nVersion: 1\n", want: map[string]string{"Package": "a", "Version": "1"}},
		{name: "continuation", text: "Description: short\n long\n .\n", want: map[string]string{"Description": "short\nlong\n."}},
		{name: "crlf and blank", text: "A: 1\r\n\r\nB: 2\r\n", want: map[string]string{"A": "1", "B": "2"}},
		{name: "continuation first", text: " x\n", wantErr: true},
		{name: "no colon", text: "Package a\n", wantErr: true},
		{name: "space in name", text: "Pack age: a\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseControl(tt.text)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseControl error = %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
