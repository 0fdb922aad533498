package initramfs

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/google/go-cmp/cmp"
	"github.com/u-root/u-root/pkg/cpio"
)

// records reads back an archive's records by name.
func records(t *testing.T, data []byte) map[string]cpio.Record {
	t.Helper()
	rr := cpio.Newc.Reader(bytes.NewReader(data))
	recs, err := cpio.ReadAllRecords(rr)
	if err != nil {
		t.Fatalf("read back archive: %v", err)
	}
	out := map[string]cpio.Record{}
	for _, r := range recs {
		out[r.Name] = r
	}
	return out
}

func TestBuildIsReproducible(t *testing.T) {
	init := testutil.FakeInit(t)
	extra := filepath.Join(t.TempDir(), "hello")
	if err := os.WriteFile(extra, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	build := func() []byte {
		a, _, err := Build(Spec{Init: init, Extra: []Extra{{From: extra, To: "/etc/hello"}}})
		if err != nil {
			t.Fatal(err)
		}
		b, err := a.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := build()
	// Touch the inputs: times must not leak into the archive.
	if err := os.Chtimes(init, time.Unix(1e9, 0), time.Unix(1e9, 0)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, build()) {
		t.Error("two builds of the same inputs differ")
	}
}

func TestBuildContents(t *testing.T) {
	a, _, err := Build(Spec{Init: testutil.FakeInit(t)})
	if err != nil {
		t.Fatal(err)
	}
	data, err := a.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	recs := records(t, data)
	init, ok := recs["init"]
	if !ok {
		t.Fatal("no /init")
	}
	if init.Mode&0o777 != 0o755 || init.Mode&cpio.S_IFMT != cpio.S_IFREG {
		t.Errorf("/init mode %o, want a 0755 regular file", init.Mode)
	}
	content, _ := io.ReadAll(io.NewSectionReader(init, 0, int64(init.FileSize)))
	if string(content) != "\x7fELF fake init" {
		t.Errorf("/init content %q", content)
	}
	console := recs["dev/console"]
	if console.Mode&cpio.S_IFMT != cpio.S_IFCHR || console.Rmajor != 5 || console.Rminor != 1 {
		t.Errorf("/dev/console = mode %o %d:%d, want char 5:1", console.Mode, console.Rmajor, console.Rminor)
	}
	for _, d := range []string{"proc", "sys", "dev", "run", "newroot"} {
		if r, ok := recs[d]; !ok || r.Mode&cpio.S_IFMT != cpio.S_IFDIR {
			t.Errorf("no directory /%s", d)
		}
	}
	for name, r := range recs {
		if r.UID != 0 || r.GID != 0 || r.MTime != 0 {
			t.Errorf("%s: uid %d gid %d mtime %d, want all 0", name, r.UID, r.GID, r.MTime)
		}
	}
}

func TestArchiveAddsParentsBeforeChildren(t *testing.T) {
	a := NewArchive()
	a.File("a/b/c", []byte("x"), 0o644, "test")
	data, err := a.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	recs, err := cpio.ReadAllRecords(cpio.Newc.Reader(bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range recs {
		names = append(names, r.Name)
		if r.Name != "a/b/c" && r.Mode&0o777 != 0o755 {
			t.Errorf("%s: mode %o, want 0755", r.Name, r.Mode&0o777)
		}
	}
	if diff := cmp.Diff([]string{"a", "a/b", "a/b/c"}, names); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestBuildErrors(t *testing.T) {
	notELF := filepath.Join(t.TempDir(), "init.sh")
	os.WriteFile(notELF, []byte("#!/bin/sh"), 0o755)
	tests := []struct {
		name string
		spec Spec
	}{
		{name: "no init", spec: Spec{}},
		{name: "init missing", spec: Spec{Init: "/does/not/exist"}},
		{name: "init not ELF", spec: Spec{Init: notELF}},
		{name: "modules without a tree", spec: Spec{Init: testutil.FakeInit(t), Modules: []string{"nfs"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := Build(tt.spec); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestParseExtra(t *testing.T) {
	if e, err := ParseExtra("out/busybox:/bin/sh"); err != nil || e != (Extra{From: "out/busybox", To: "/bin/sh"}) {
		t.Errorf("ParseExtra = %+v, %v", e, err)
	}
	for _, bad := range []string{"nocolon", ":/x", "a:relative"} {
		if _, err := ParseExtra(bad); err == nil {
			t.Errorf("ParseExtra(%q): no error", bad)
		}
	}
}
