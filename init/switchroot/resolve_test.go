package switchroot

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree builds a directory under t.TempDir from a map of path -> spec, where a
// spec is "dir", "exe", "file" or "->target" (a symbolic link).
func tree(t *testing.T, spec map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, what := range spec {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case what == "dir":
			err = os.MkdirAll(p, 0o755)
		case what == "exe":
			err = os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755)
		case what == "file":
			err = os.WriteFile(p, []byte("data"), 0o644)
		case what[:2] == "->":
			err = os.Symlink(what[2:], p)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestCheckInit(t *testing.T) {
	tests := []struct {
		name    string
		tree    map[string]string
		init    string
		wantErr bool
	}{
		{name: "plain executable", tree: map[string]string{"sbin/init": "exe"}, init: "/sbin/init"},
		{name: "absolute symlink resolved inside the new root",
			tree: map[string]string{"lib/systemd/systemd": "exe", "sbin/init": "->/lib/systemd/systemd"}, init: "/sbin/init"},
		{name: "relative symlink",
			tree: map[string]string{"bin/busybox": "exe", "sbin/init": "->../bin/busybox"}, init: "/sbin/init"},
		{name: "symlinked directory (usr merge)",
			tree: map[string]string{"usr/sbin/init": "exe", "sbin": "->usr/sbin"}, init: "/sbin/init"},
		{name: "missing", tree: map[string]string{"bin/sh": "exe"}, init: "/sbin/init", wantErr: true},
		{name: "not executable", tree: map[string]string{"sbin/init": "file"}, init: "/sbin/init", wantErr: true},
		{name: "a directory", tree: map[string]string{"sbin/init": "dir"}, init: "/sbin/init", wantErr: true},
		{name: "dangling absolute symlink (would escape on the host)",
			tree: map[string]string{"sbin/init": "->/bin/true-not-here"}, init: "/sbin/init", wantErr: true},
		{name: "symlink loop", tree: map[string]string{"sbin/init": "->/sbin/init2", "sbin/init2": "->/sbin/init"},
			init: "/sbin/init", wantErr: true},
		{name: "relative init= refused", tree: map[string]string{"sbin/init": "exe"}, init: "sbin/init", wantErr: true},
		{name: "dotdot cannot climb out of the root",
			tree: map[string]string{"sbin/init": "->../../../../sbin/real", "sbin/real": "exe"}, init: "/sbin/init"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, tt.tree)
			err := CheckInit(root, tt.init)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CheckInit(%q) = %v, want error %v", tt.init, err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrNoInit) {
				t.Errorf("error %v does not wrap ErrNoInit", err)
			}
		})
	}
}

func TestCheckInitNamesThePath(t *testing.T) {
	root := tree(t, map[string]string{"sbin/init": "file"})
	err := CheckInit(root, "/sbin/init")
	if err == nil {
		t.Fatal("no error for a non-executable init")
	}
	for _, want := range []string{"/sbin/init", "not executable"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "sbin/init")); errors.Is(err, fs.ErrNotExist) {
		t.Error("the check removed the file")
	}
}
