package automount

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestSystemPartitioned(t *testing.T) {
	sys := t.TempDir()
	mk := func(path string, withPartition bool) {
		if err := os.MkdirAll(filepath.Join(sys, path), 0o755); err != nil {
			t.Fatal(err)
		}
		if withPartition {
			if err := os.WriteFile(filepath.Join(sys, path, "partition"), []byte("1\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk("/devices/x/block/sda/sda1", true)
	mk("/devices/x/block/sda/queue", false)
	mk("/devices/x/block/sdb/queue", false)
	tests := []struct {
		devpath string
		want    bool
	}{
		{"/devices/x/block/sda", true},
		{"/devices/x/block/sdb", false},
		{"/devices/x/block/sdc", false},
	}
	for _, tt := range tests {
		if got := (System{Sys: sys}).Partitioned(tt.devpath); got != tt.want {
			t.Errorf("Partitioned(%s) = %v, want %v", tt.devpath, got, tt.want)
		}
	}
}

func TestSystemHead(t *testing.T) {
	dev := t.TempDir()
	big := bytes.Repeat([]byte{7}, HeadSize+100)
	small := []byte{1, 2, 3}
	for name, data := range map[string][]byte{"sda": big, "sdb": small} {
		if err := os.WriteFile(filepath.Join(dev, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		want    []byte
		wantErr bool
	}{
		{"sda", big[:HeadSize], false},
		{"sdb", small, false},
		{"sdc", nil, true},
	}
	for _, tt := range tests {
		got, err := (System{Dev: dev}).Head(tt.name)
		if (err != nil) != tt.wantErr || !bytes.Equal(got, tt.want) {
			t.Errorf("Head(%s) = %d bytes, %v; want %d bytes, error %v", tt.name, len(got), err, len(tt.want), tt.wantErr)
		}
	}
}
