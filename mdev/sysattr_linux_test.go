package mdev

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestReadSysAttr(t *testing.T) {
	tests := []struct {
		name    string
		content []byte // nil: no such file
		bufLen  int
	}{
		{name: "a uevent file in a larger buffer", content: []byte("MAJOR=1\nMINOR=3\nDEVNAME=null\n"), bufLen: 4096},
		{name: "an empty file", content: []byte{}, bufLen: 16},
		{name: "exactly the buffer's size", content: bytes.Repeat([]byte("x"), 16), bufLen: 16},
		{name: "larger than the buffer", content: bytes.Repeat([]byte("MODALIAS=of:N\n"), 100), bufLen: 16},
		{name: "no buffer", content: []byte("SEQNUM=42\n"), bufLen: 0},
		{name: "missing", bufLen: 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "uevent")
			if tt.content != nil {
				if err := os.WriteFile(name, tt.content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := readSysAttr(name, make([]byte, tt.bufLen))
			if tt.content == nil {
				if !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("readSysAttr(missing) = %q, %v; want fs.ErrNotExist", got, err)
				}
				return
			}
			if err != nil || !bytes.Equal(got, tt.content) {
				t.Errorf("readSysAttr() = %q, %v; want %q", got, err, tt.content)
			}
		})
	}
}
