package artifact

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/google/go-cmp/cmp"
	"github.com/u-root/u-root/pkg/cpio"
)

// readArchive lists the names, modes and contents of a newc archive.
func readArchive(t *testing.T, data []byte) map[string]string {
	t.Helper()
	got := map[string]string{}
	rr := cpio.Newc.Reader(bytes.NewReader(data))
	err := cpio.ForEachRecord(rr, func(r cpio.Record) error {
		var content []byte
		if r.ReaderAt != nil && r.FileSize > 0 {
			content = make([]byte, r.FileSize)
			if _, err := r.ReadAt(content, 0); err != nil && !errors.Is(err, io.EOF) {
				return err
			}
		}
		got[r.Name] = modeString(r.Mode) + " " + string(content)
		return nil
	})
	if err != nil {
		t.Fatalf("read archive: %v", err)
	}
	return got
}

func modeString(mode uint64) string {
	switch mode & cpio.S_IFMT {
	case cpio.S_IFDIR:
		return "dir"
	case cpio.S_IFREG:
		if mode&0o111 != 0 {
			return "exec"
		}
		return "file"
	}
	return "other"
}

func TestWriteArchive(t *testing.T) {
	var buf bytes.Buffer
	err := WriteArchive(&buf, []cpio.Record{
		FileRecord("/e2e/expect.json", []byte("{}"), 0o644),
		FileRecord("/bin/sh", []byte("elf"), 0o755),
		FileRecord("/e2e/deeper/x", []byte("x"), 0o644),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"e2e": "dir ", "e2e/expect.json": "file {}", "bin": "dir ", "bin/sh": "exec elf",
		"e2e/deeper": "dir ", "e2e/deeper/x": "file x",
	}
	if diff := cmp.Diff(want, readArchive(t, buf.Bytes())); diff != "" {
		t.Errorf("archive (-want +got):\n%s", diff)
	}
}

func TestParents(t *testing.T) {
	if diff := cmp.Diff([]string{"a", "a/b"}, parents("a/b/c")); diff != "" {
		t.Errorf("parents(a/b/c) (-want +got):\n%s", diff)
	}
	if got := parents("top"); len(got) != 0 {
		t.Errorf("parents(top) = %q, want none", got)
	}
}

func TestBuildInitramfs(t *testing.T) {
	dir := t.TempDir()
	initPath := filepath.Join(dir, "init")
	// An odd size makes the gzip'd archive's length vary, so the padding is exercised.
	if err := os.WriteFile(initPath, []byte("not really an ELF binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "initrd.img")
	printed, err := BuildInitramfs(context.Background(), InitramfsSpec{
		Airroot: testutil.HelperBinary(t, "airroot"), Init: initPath, ModulesDir: dir,
		Modules: []string{"virtio_net", "nfs"},
		Extra:   []cpio.Record{FileRecord("/bin/sh", []byte("guest"), 0o755)},
	}, out)
	if err != nil {
		t.Fatalf("BuildInitramfs: %v (printed %q)", err, printed)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	br := bytes.NewReader(data)
	zr, err := gzip.NewReader(br)
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	first, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	end := len(data) - br.Len()
	second := end + (4-end%4)%4
	if !bytes.Equal(data[end:second], make([]byte, second-end)) || !bytes.HasPrefix(data[second:], []byte("070701")) {
		t.Fatalf("after the gzip'd archive (%d bytes): %q, want zero padding to %d and a newc header", end, data[end:min(len(data), second+6)], second)
	}
	wantFirst := map[string]string{
		"init": "exec not really an ELF binary", "etc": "dir ", "etc/modules-load.d": "dir ",
		"etc/modules-load.d/airroot.conf": "file virtio_net\nnfs\n",
	}
	if diff := cmp.Diff(wantFirst, readArchive(t, first)); diff != "" {
		t.Errorf("airroot's archive (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"bin": "dir ", "bin/sh": "exec guest"}, readArchive(t, data[second:])); diff != "" {
		t.Errorf("extra archive (-want +got):\n%s", diff)
	}
}

func TestBuildInitramfsPassesWiFiConfig(t *testing.T) {
	dir := t.TempDir()
	initPath, conf := filepath.Join(dir, "init"), filepath.Join(dir, "wpa_supplicant.conf")
	for name, data := range map[string]string{initPath: "init", conf: "network={\n\tssid=\"x\"\n}\n"} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "initrd.img")
	printed, err := BuildInitramfs(context.Background(), InitramfsSpec{
		Airroot: testutil.HelperBinary(t, "airroot"), Init: initPath, ModulesDir: dir, WiFiConfig: conf,
	}, out)
	if err != nil {
		t.Fatalf("BuildInitramfs: %v (printed %q)", err, printed)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	first, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if got := readArchive(t, first)["etc/airroot/wpa_supplicant.conf"]; got != "file network={\n\tssid=\"x\"\n}\n" {
		t.Errorf("airroot's archive has wpa_supplicant.conf %q, want the --wifi-config file", got)
	}
}

func TestBuildInitramfsReportsToolFailure(t *testing.T) {
	_, err := BuildInitramfs(context.Background(), InitramfsSpec{
		Airroot: testutil.HelperBinary(t, "airroot"), Init: filepath.Join(t.TempDir(), "missing"),
	}, filepath.Join(t.TempDir(), "initrd.img"))
	if err == nil {
		t.Fatal("BuildInitramfs with a missing init succeeded")
	}
}

// TestAppendArchiveKeepsBase: two boots append different test files to one
// airroot archive; each initramfs starts with that archive byte for byte, and
// the archive itself is left as it was.
func TestAppendArchiveKeepsBase(t *testing.T) {
	tests := []struct {
		name string
		base []byte
	}{
		{name: "padded", base: []byte("airroot's archive, 33 bytes long.")},
		{name: "aligned", base: []byte("four")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			base := filepath.Join(dir, "airroot.cpio.gz")
			if err := os.WriteFile(base, tt.base, 0o644); err != nil {
				t.Fatal(err)
			}
			for i, ssid := range []string{"first-ap", "second-ap"} {
				out := filepath.Join(dir, "initrd.img")
				if err := AppendArchive(base, out, []cpio.Record{FileRecord("/e2e/ssid", []byte(ssid), 0o644)}); err != nil {
					t.Fatal(err)
				}
				data, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				start := len(tt.base) + (4-len(tt.base)%4)%4
				if !bytes.HasPrefix(data, tt.base) || len(data) < start {
					t.Fatalf("boot %d: initramfs does not start with airroot's archive", i+1)
				}
				want := map[string]string{"e2e": "dir ", "e2e/ssid": "file " + ssid}
				if diff := cmp.Diff(want, readArchive(t, data[start:])); diff != "" {
					t.Errorf("boot %d: test archive (-want +got):\n%s", i+1, diff)
				}
			}
			if got, err := os.ReadFile(base); err != nil || !bytes.Equal(got, tt.base) {
				t.Errorf("airroot's archive after two boots = %q, %v; want it unchanged", got, err)
			}
		})
	}
}
