package bootpart

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// fakeBlock writes a sysfs and a /dev under dir: disks hold their MBR,
// partitions their first sector.
type fakeBlock struct {
	t   *testing.T
	dir string
}

func (f fakeBlock) write(path string, data []byte) {
	f.t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		f.t.Fatal(err)
	}
}

func (f fakeBlock) disk(name string, sector []byte) {
	f.write(filepath.Join(f.dir, "dev", name), sector)
	f.symlink(name, "../../devices/virtual/block/"+name)
}

func (f fakeBlock) part(disk, name, number string, sector []byte) {
	f.write(filepath.Join(f.dir, "dev", name), sector)
	target := "../../devices/virtual/block/" + disk + "/" + name
	f.write(filepath.Join(f.dir, "sys/class/block", target, "partition"), []byte(number+"\n"))
	f.symlink(name, target)
}

func (f fakeBlock) symlink(name, target string) {
	f.t.Helper()
	link := filepath.Join(f.dir, "sys/class/block", name)
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		f.t.Fatal(err)
	}
}

func TestFind(t *testing.T) {
	fat16, err := os.ReadFile("testdata/fat16.sector")
	if err != nil {
		t.Fatal(err)
	}
	fat32, err := os.ReadFile("testdata/fat32.sector")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	fb := fakeBlock{t: t, dir: dir}
	fb.disk("vda", mbr(0x12345678, 0x83, 0x0c))
	fb.part("vda", "vda1", "1", make([]byte, SectorSize)) // not FAT
	fb.part("vda", "vda2", "2", fat32)                    // MY CARD
	fb.disk("mmcblk0", mbr(0x6c586e13, 0x0c))
	fb.part("mmcblk0", "mmcblk0p1", "1", fat16) // AIRBOOT
	fb.disk("vdb", fat16)                       // a whole disk: never a partition
	f := Finder{Sys: filepath.Join(dir, "sys"), Dev: filepath.Join(dir, "dev")}
	tests := []struct {
		spec    string
		wantDev string
	}{
		{spec: "auto", wantDev: "mmcblk0p1"},
		{spec: "LABEL=my card", wantDev: "vda2"},
		{spec: "PARTUUID=12345678-02", wantDev: "vda2"},
		{spec: "PARTUUID=6C586E13-01", wantDev: "mmcblk0p1"},
		{spec: "/dev/vda1", wantDev: "vda1"},
		{spec: "LABEL=nothing"},
		{spec: "PARTUUID=12345678-03"},
		{spec: "/dev/vdb"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			spec, err := ParseSpec(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			p, err := f.Find(spec)
			if tt.wantDev == "" {
				if !errors.Is(err, ErrNotFound) {
					t.Errorf("Find(%s) = %+v, %v; want ErrNotFound", tt.spec, p, err)
				}
				return
			}
			if err != nil || p.Dev != filepath.Join(dir, "dev", tt.wantDev) {
				t.Errorf("Find(%s) = %+v, %v; want %s", tt.spec, p, err, tt.wantDev)
			}
		})
	}
}
