package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	tests := []struct {
		name     string
		existing os.FileMode // 0: no file before
		mode     os.FileMode
	}{
		{name: "new private file", mode: 0o600},
		{name: "over a world-readable file", existing: 0o644, mode: 0o600},
		{name: "public over private", existing: 0o600, mode: 0o644},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "initramfs.cpio.gz")
			var oldInfo os.FileInfo
			if tt.existing != 0 {
				if err := os.WriteFile(p, []byte("old"), tt.existing); err != nil {
					t.Fatal(err)
				}
				var err error
				if oldInfo, err = os.Stat(p); err != nil {
					t.Fatal(err)
				}
			}
			// Keep the old file open, as a reader who opened it before the
			// build would: it must never see the new content.
			var old *os.File
			if tt.existing != 0 {
				var err error
				if old, err = os.Open(p); err != nil {
					t.Fatal(err)
				}
				defer old.Close()
			}
			if err := Write(p, []byte("psk=secret"), tt.mode); err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != tt.mode {
				t.Errorf("mode %v, want %v", st.Mode().Perm(), tt.mode)
			}
			if got, _ := os.ReadFile(p); string(got) != "psk=secret" {
				t.Errorf("content %q", got)
			}
			if old != nil {
				if os.SameFile(st, oldInfo) {
					t.Error("the new content went into the old file (same inode)")
				}
				buf := make([]byte, 16)
				n, _ := old.ReadAt(buf, 0)
				if string(buf[:n]) != "old" {
					t.Errorf("a reader of the old file sees %q", buf[:n])
				}
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("left behind: %v", entries)
			}
		})
	}
}

func TestWriteFailsInMissingDir(t *testing.T) {
	if err := Write(filepath.Join(t.TempDir(), "no", "file"), []byte("x"), 0o600); err == nil {
		t.Error("Write into a missing folder succeeded")
	}
}
