package boot

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestScriptInterpreter(t *testing.T) {
	tests := []struct{ head, want string }{
		{head: "#!/bin/sh\necho hi\n", want: "/bin/sh"},
		{head: "#! /usr/bin/env python3 -u\n", want: "/usr/bin/env"},
		{head: "#!\n", want: ""},
		{head: "\x7fELF\x01\x01\x01", want: ""},
		{head: "#!/bin/busybox", want: "/bin/busybox"},
	}
	for _, tt := range tests {
		t.Run(tt.head, func(t *testing.T) {
			if got := scriptInterpreter([]byte(tt.head)); got != tt.want {
				t.Errorf("scriptInterpreter(%q) = %q, want %q", tt.head, got, tt.want)
			}
		})
	}
}

func TestCheckRunnable(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		path    string
		wantErr bool
		wantFix bool
	}{
		{name: "a binary", path: write("bin", "\x7fELF...")},
		{name: "a script whose interpreter is there", path: write("ok.sh", "#!"+write("sh", "")+"\n")},
		{name: "a script for a missing shell", path: write("box", "#!/nonexistent/sh\n"), wantErr: true, wantFix: true},
		{name: "missing", path: filepath.Join(dir, "nothing"), wantErr: true},
		{name: "a directory", path: dir, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkRunnable(tt.path)
			if (err != nil) != tt.wantErr {
				t.Fatalf("checkRunnable(%s) = %v, want error %v", tt.path, err, tt.wantErr)
			}
			var fix *Fix
			if errors.As(err, &fix) != tt.wantFix {
				t.Errorf("checkRunnable(%s) = %v: a fix %v, want %v", tt.path, err, !tt.wantFix, tt.wantFix)
			}
		})
	}
}
