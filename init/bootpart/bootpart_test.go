package bootpart

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		in      string
		want    Spec
		wantErr bool
	}{
		{in: "", want: Spec{Kind: Auto}},
		{in: "auto", want: Spec{Kind: Auto}},
		{in: "none", want: Spec{Kind: None}},
		{in: "LABEL=boot", want: Spec{Kind: Label, Value: "boot"}},
		{in: "PARTUUID=6C586E13-01", want: Spec{Kind: PartUUID, Value: "6c586e13-01"}},
		{in: "/dev/mmcblk0p1", want: Spec{Kind: Path, Value: "/dev/mmcblk0p1"}},
		{in: "LABEL=", wantErr: true},
		{in: "PARTUUID=", wantErr: true},
		{in: "/dev/", wantErr: true},
		{in: "UUID=1234-ABCD", wantErr: true},
		{in: "mmcblk0p1", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSpec(tt.in)
			if tt.wantErr {
				if !errors.Is(err, ErrBadSpec) {
					t.Errorf("ParseSpec(%q) = %v, %v; want ErrBadSpec", tt.in, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseSpec(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestFATLabel(t *testing.T) {
	tests := []struct {
		name, file string
		label      string
		fat        bool
	}{
		{name: "mkfs.fat -F 16 -n AIRBOOT", file: "fat16.sector", label: "AIRBOOT", fat: true},
		{name: "mkfs.fat -F 32 -n 'MY CARD'", file: "fat32.sector", label: "MY CARD", fat: true},
		{name: "mkfs.fat -F 12, no label", file: "fat12-nolabel.sector", label: "", fat: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sector, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			label, fat := FATLabel(sector)
			if label != tt.label || fat != tt.fat {
				t.Errorf("FATLabel = %q, %v; want %q, %v", label, fat, tt.label, tt.fat)
			}
			sector[511] = 0 // no boot sector signature: not FAT
			if _, fat := FATLabel(sector); fat {
				t.Errorf("FATLabel without the signature says FAT")
			}
		})
	}
	if _, fat := FATLabel(make([]byte, 100)); fat {
		t.Errorf("FATLabel of a short read says FAT")
	}
}

// mbr is an MBR with disk signature sig and partitions of the given types.
func mbr(sig uint32, types ...byte) []byte {
	b := make([]byte, SectorSize)
	binary.LittleEndian.PutUint32(b[440:], sig)
	for i, typ := range types {
		b[446+16*i+4] = typ
	}
	b[510], b[511] = 0x55, 0xAA
	return b
}

func TestMBRPartUUIDs(t *testing.T) {
	tests := []struct {
		name   string
		sector []byte
		want   map[int]string
	}{
		{name: "raspberry pi os", sector: mbr(0x6c586e13, 0x0c, 0x83), want: map[int]string{1: "6c586e13-01", 2: "6c586e13-02"}},
		{name: "hole in the table", sector: mbr(0xdeadbeef, 0x0c, 0, 0x83), want: map[int]string{1: "deadbeef-01", 3: "deadbeef-03"}},
		{name: "gpt's protective mbr", sector: mbr(0, 0xee), want: nil},
		{name: "no signature", sector: make([]byte, SectorSize), want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, MBRPartUUIDs(tt.sector)); diff != "" {
				t.Errorf("MBRPartUUIDs (-want +got):\n%s", diff)
			}
		})
	}
}

// gptDisk is a disk with a GPT whose second entry (of four) has the unique
// GUID 0fc63daf-8483-4772-8e79-3d69d8477de4 written on disk.
func gptDisk() []byte {
	disk := make([]byte, 6*SectorSize)
	copy(disk, mbr(0, 0xee))
	hdr := disk[SectorSize:]
	copy(hdr, "EFI PART")
	binary.LittleEndian.PutUint64(hdr[72:], 2)
	binary.LittleEndian.PutUint32(hdr[80:], 4)
	binary.LittleEndian.PutUint32(hdr[84:], 128)
	e := disk[2*SectorSize+128:]
	e[0] = 1 // a type GUID: used
	copy(e[16:], []byte{0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47, 0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4})
	return disk
}

func readerAt(b []byte) func(p []byte, off int64) (int, error) {
	return func(p []byte, off int64) (int, error) {
		if off >= int64(len(b)) {
			return 0, errors.New("past the end")
		}
		return copy(p, b[off:]), nil
	}
}

func TestGPTPartUUIDs(t *testing.T) {
	got := GPTPartUUIDs(readerAt(gptDisk()))
	want := map[int]string{2: "0fc63daf-8483-4772-8e79-3d69d8477de4"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GPTPartUUIDs (-want +got):\n%s", diff)
	}
	if got := GPTPartUUIDs(readerAt(mbr(1, 0x0c))); got != nil {
		t.Errorf("GPTPartUUIDs of an MBR disk = %v, want nil", got)
	}
}
