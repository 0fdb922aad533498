package main

import (
	"testing"
	"testing/fstest"
)

func TestCheckHostname(t *testing.T) {
	tests := []struct {
		name string
		file *fstest.MapFile
		pass bool
	}{
		{name: "the lease's", file: &fstest.MapFile{Data: []byte("board-1\n")}, pass: true},
		{name: "the kernel's default", file: &fstest.MapFile{Data: []byte("(none)\n")}},
		{name: "a longer name", file: &fstest.MapFile{Data: []byte("board-10\n")}},
		{name: "unreadable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := newRootFS(t, "0")
			if tt.file != nil {
				fsys[hostnamePath] = tt.file
			}
			exp := testExpect()
			exp.Hostname = "board-1"
			if c := checkHostname(testSystem(fsys, 1, nil), exp); c.Pass != tt.pass {
				t.Errorf("checkHostname() = %+v, want pass %v", c, tt.pass)
			}
		})
	}
}
