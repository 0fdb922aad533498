package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/host/initramfs"
	"github.com/airroot/airroot/modload"
	"github.com/google/go-cmp/cmp"
	"github.com/u-root/u-root/pkg/cpio"
)

// fakeSeed returns a seed initramfs spec over a tiny sysroot and modules tree.
func fakeSeed(t *testing.T) SeedInitramfs {
	t.Helper()
	sys := t.TempDir()
	writeFile(t, filepath.Join(sys, "bin", "busybox"), "busybox")
	writeFile(t, filepath.Join(sys, "etc", "dhcpcd.conf"), "duid\n")
	writeFile(t, filepath.Join(sys, "usr", "lib", "dhcpcd", "dhcpcd-run-hooks"), "#!/bin/sh\n")
	mods := t.TempDir()
	writeFile(t, filepath.Join(mods, "modules.dep"), "kernel/net/a.ko: kernel/lib/b.ko\nkernel/lib/b.ko:\n")
	writeFile(t, filepath.Join(mods, "kernel", "net", "a.ko"), "module a")
	writeFile(t, filepath.Join(mods, "kernel", "lib", "b.ko"), "module b")
	ix, err := modload.OpenDir(mods)
	if err != nil {
		t.Fatal(err)
	}
	return SeedInitramfs{
		Script:     SeedScript{Server: "10.0.2.2", Export: "/", Options: "vers=3"},
		Userland:   Userland{Sysroot: Sysroot{Dir: sys}, Files: []artifact.SysrootFile{{Path: "bin/busybox", Size: 7}}},
		ModulesDir: mods, Index: ix, Release: "6.1.0-test", Modules: []string{"a"},
		WiFiConfig: "network={\n\tssid=\"net\"\n\tpsk=\"correct horse battery staple\"\n}\n",
	}
}

func TestSeedInitramfsArchive(t *testing.T) {
	a, err := fakeSeed(t).Archive()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"init", "bin/busybox", "bin/sh", "bin/switch_root", "etc/dhcpcd.conf",
		"usr/lib/dhcpcd/dhcpcd-run-hooks", "lib/modules/6.1.0-test/kernel/net/a.ko", "lib/modules/6.1.0-test/kernel/lib/b.ko",
		"etc/modules.sh", "etc/wpa_supplicant.conf", "dev/console", "new_root", "var/lib/dhcpcd"} {
		if !a.Has(name) {
			t.Errorf("archive lacks %s", name)
		}
	}
	mods, _ := a.Lookup("etc/modules.sh")
	want := "#!/bin/sh\ninsmod /lib/modules/6.1.0-test/kernel/lib/b.ko\ninsmod /lib/modules/6.1.0-test/kernel/net/a.ko\n"
	if diff := cmp.Diff(want, string(mods)); diff != "" {
		t.Errorf("modules.sh, dependencies first (-want +got):\n%s", diff)
	}
	conf, _ := a.Lookup("etc/wpa_supplicant.conf")
	if strings.Contains(string(conf), "correct horse") || !strings.Contains(string(conf), "psk=") {
		t.Errorf("wpa_supplicant.conf must hold the PSK, never the pass-phrase:\n%s", conf)
	}
}

func TestSeedInitramfsWiredHasNoWiFiConfig(t *testing.T) {
	s := fakeSeed(t)
	s.WiFiConfig, s.Script.WiredNIC = "", "eth0"
	a, err := s.Archive()
	if err != nil {
		t.Fatal(err)
	}
	if a.Has("etc/wpa_supplicant.conf") {
		t.Error("wired archive has a wpa_supplicant.conf")
	}
}

func TestSeedInitramfsErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(*SeedInitramfs)
		want   string
	}{
		{name: "unknown module", change: func(s *SeedInitramfs) { s.Modules = []string{"nosuch"} }, want: "nosuch"},
		{name: "bad station configuration", change: func(s *SeedInitramfs) { s.WiFiConfig = "network={\n" }, want: "station configuration"},
		{name: "script refuses the server", change: func(s *SeedInitramfs) { s.Script.Server = "a;b" }, want: "server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakeSeed(t)
			tt.change(&s)
			_, err := s.Archive()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Archive() error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestWriteInitramfs(t *testing.T) {
	a := initramfs.NewArchive()
	a.File("init", []byte("#!/bin/sh\n"), 0o755, "")
	out := filepath.Join(t.TempDir(), "initrd")
	extra := []cpio.Record{artifact.FileRecord("/fixture", []byte("fixture"), 0o755)}
	if err := WriteInitramfs(out, a, extra); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := a.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	gz, err := initramfs.Compress(raw, initramfs.Gzip)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, gz) {
		t.Fatal("the initramfs does not start with the gzip'd archive")
	}
	// The appended archive starts on the next 4-byte boundary, zeros before it.
	i := (len(gz) + 3) / 4 * 4
	if !bytes.Equal(data[len(gz):i], make([]byte, i-len(gz))) {
		t.Errorf("padding %q is not zeros", data[len(gz):i])
	}
	recs, err := cpio.ReadAllRecords(cpio.Newc.Reader(bytes.NewReader(data[i:])))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range recs {
		names = append(names, r.Name)
	}
	if diff := cmp.Diff([]string{"fixture"}, names); diff != "" {
		t.Errorf("appended archive (-want +got):\n%s", diff)
	}
}
