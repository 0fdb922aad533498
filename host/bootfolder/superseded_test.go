package bootfolder

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLoaded(t *testing.T) {
	ours, err := Config{Kernel: "vmlinuz-6.1.0-49-rpi", Initramfs: "initramfs.zst", SerialConsole: true}.Text()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		config string
		want   []string
	}{
		{name: "airroot's", config: ours, want: []string{"vmlinuz-6.1.0-49-rpi", "initramfs.zst"}},
		{name: "Raspberry Pi OS's", config: "kernel=kernel.img\ninitramfs initrd.img followkernel\n", want: nil},
		{name: "paths left out", config: configHeader + "kernel=../../etc/passwd\ninitramfs sub/initrd.img followkernel\ninitramfs ..\n", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Loaded(tt.config); !slices.Equal(got, tt.want) {
				t.Errorf("Loaded = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSuperseded: a rebuild with another kernel and compression removes the
// last build's kernel and initramfs, and nothing else.
func TestSuperseded(t *testing.T) {
	dir := t.TempDir()
	old, err := Config{Kernel: "vmlinuz-6.1.0-48-rpi", Initramfs: "initramfs.gz"}.Text()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"config.txt": old, "vmlinuz-6.1.0-48-rpi": "old kernel", "start.elf": "firmware"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	newConfig, err := Config{Kernel: "vmlinuz-6.1.0-49-rpi", Initramfs: "initramfs.zst"}.Text()
	if err != nil {
		t.Fatal(err)
	}
	files := []File{{Name: "vmlinuz-6.1.0-49-rpi", Data: []byte("new")}, {Name: "initramfs.zst"}, {Name: "config.txt", Data: []byte(newConfig)}}
	names := Superseded(dir, files)
	if want := []string{"vmlinuz-6.1.0-48-rpi", "initramfs.gz"}; !slices.Equal(names, want) {
		t.Fatalf("Superseded = %q, want %q", names, want)
	}
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	removed, err := RemoveSuperseded(dir, names)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"vmlinuz-6.1.0-48-rpi"}; !slices.Equal(removed, want) { // initramfs.gz was not there
		t.Errorf("RemoveSuperseded = %q, want %q", removed, want)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{"config.txt", "initramfs.zst", "start.elf", "vmlinuz-6.1.0-49-rpi"}; !slices.Equal(left, want) {
		t.Errorf("folder holds %q, want %q", left, want)
	}
	if same := Superseded(dir, files); len(same) != 0 {
		t.Errorf("the same build again supersedes %q, want nothing", same)
	}
}

// FuzzLoaded: whatever config.txt holds, Loaded names only plain file names.
func FuzzLoaded(f *testing.F) {
	f.Add(configHeader + "kernel=vmlinuz\ninitramfs initramfs.gz followkernel\n")
	f.Add(configHeader + "kernel=../x\ninitramfs\n")
	f.Fuzz(func(t *testing.T, config string) {
		for _, name := range Loaded(config) {
			if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\ \t\n\x00") || !filepath.IsLocal(name) {
				t.Errorf("Loaded(%q) names %q", config, name)
			}
		}
	})
}
