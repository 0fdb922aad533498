package automount

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// extHead synthesizes the first HeadSize bytes of an ext file system.
func extHead(compat, incompat, roCompat uint32, label string) []byte {
	head := make([]byte, HeadSize)
	sb := head[extSuper:]
	binary.LittleEndian.PutUint16(sb[extMagicOff:], extMagic)
	binary.LittleEndian.PutUint32(sb[extCompatOff:], compat)
	binary.LittleEndian.PutUint32(sb[extIncompatOff:], incompat)
	binary.LittleEndian.PutUint32(sb[extROCompatOff:], roCompat)
	copy(sb[extLabelOff:extLabelOff+16], label)
	return head
}

// fatHead synthesizes a FAT32 boot sector with label, and the rest of the
// head zero.
func fatHead(label string) []byte {
	head := make([]byte, HeadSize)
	head[66] = 0x29
	copy(head[71:82], label+"           ")
	copy(head[82:90], "FAT32   ")
	head[510], head[511] = 0x55, 0xAA
	return head
}

func TestProbe(t *testing.T) {
	tests := []struct {
		name   string
		head   []byte
		want   Filesystem
		wantOK bool
	}{
		{"mkfs.vfat -n STICK", readHead(t, "vfat.head"), Filesystem{"vfat", "vfat", "STICK"}, true},
		{"mke2fs -t ext2", readHead(t, "ext2.head"), Filesystem{"ext2", "ext4", "my ext2"}, true},
		{"mke2fs -t ext3", readHead(t, "ext3.head"), Filesystem{"ext3", "ext4", "my ext3"}, true},
		{"mke2fs -t ext4", readHead(t, "ext4.head"), Filesystem{"ext4", "ext4", "my ext4"}, true},
		{"FAT32, label", fatHead("DATA"), Filesystem{"vfat", "vfat", "DATA"}, true},
		{"FAT32, NO NAME", fatHead("NO NAME"), Filesystem{"vfat", "vfat", ""}, true},
		{"FAT, only its boot sector", fatHead("SHORT")[:512], Filesystem{"vfat", "vfat", "SHORT"}, true},
		{"ext, 16-byte label without NUL", extHead(0, 0, 0, "0123456789abcdef"), Filesystem{"ext2", "ext4", "0123456789abcdef"}, true},
		{"ext3: a journal", extHead(extHasJournal, 0x2, 0x1, ""), Filesystem{"ext3", "ext4", ""}, true},
		{"ext4: extents", extHead(extHasJournal, 0x40, 0, "x"), Filesystem{"ext4", "ext4", "x"}, true},
		{"ext4: metadata_csum only", extHead(0, 0, 0x400, "y"), Filesystem{"ext4", "ext4", "y"}, true},
		{"ext journal device", extHead(0, extJournalDev, 0, "j"), Filesystem{}, false},
		{"ext, head cut short", extHead(0, 0, 0, "x")[:HeadSize-1], Filesystem{}, false},
		{"zeros", make([]byte, HeadSize), Filesystem{}, false},
		{"nothing", nil, Filesystem{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Probe(tt.head)
			if ok != tt.wantOK {
				t.Fatalf("Probe ok = %v, want %v", ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Probe (-want +got):\n%s", diff)
			}
		})
	}
}

func TestModules(t *testing.T) {
	tests := []struct {
		fs   Filesystem
		want []string
	}{
		{Filesystem{FSType: "vfat"}, []string{"vfat", "nls_cp437", "nls_ascii"}},
		{Filesystem{FSType: "ext4"}, []string{"ext4"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.fs.Modules()); diff != "" {
			t.Errorf("%s: Modules (-want +got):\n%s", tt.fs.FSType, diff)
		}
	}
}

func readHead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
