package switchroot

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestIntegrationDeleteStaysOnItsFilesystem needs root: it mounts a tmpfs
// inside the tree and checks that deleting never crosses into it.
func TestIntegrationDeleteStaysOnItsFilesystem(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a tmpfs")
	}
	root := tree(t, map[string]string{
		"init": "exe", "lib/modules/x.ko": "file", "etc/conf": "file",
		"newroot/sbin/init": "exe", "mnt": "dir", "link": "->/etc/conf",
	})
	mnt := filepath.Join(root, "mnt")
	if err := unix.Mount("tmpfs", mnt, "tmpfs", 0, ""); err != nil {
		t.Skipf("mount tmpfs: %v", err)
	}
	t.Cleanup(func() { _ = unix.Unmount(mnt, unix.MNT_DETACH) })
	if err := os.WriteFile(filepath.Join(mnt, "keep"), []byte("other filesystem"), 0o644); err != nil {
		t.Fatal(err)
	}

	freed, err := deleteInitramfs(root, filepath.Join(root, "newroot"))
	if err != nil {
		t.Fatalf("deleteInitramfs: %v", err)
	}
	if freed < int64(len("data")+len("#!/bin/sh\n")) {
		t.Errorf("freed %d bytes, want at least the two files' sizes", freed)
	}
	for _, gone := range []string{"init", "lib", "etc", "link"} {
		if _, err := os.Lstat(filepath.Join(root, gone)); err == nil {
			t.Errorf("%s still exists", gone)
		}
	}
	for _, kept := range []string{"newroot/sbin/init", "mnt/keep"} {
		if _, err := os.Lstat(filepath.Join(root, kept)); err != nil {
			t.Errorf("%s was deleted: %v", kept, err)
		}
	}
}
