package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

func TestBuildApp(t *testing.T) {
	dir := t.TempDir()
	prog := writeFile(t, dir, "box", "#!/bin/sh\necho hello\n")
	out := filepath.Join(dir, "i.cpio.gz")
	files, printed := buildFiles(t, out, "--init", testutil.FakeInit(t), "--kernel-deb", testDeb(t),
		"--app", prog, "--app-arg", "-listen", "--app-arg", ":80 and more")
	if files["usr/bin/app"] != "#!/bin/sh\necho hello\n" {
		t.Errorf("usr/bin/app = %q", files["usr/bin/app"])
	}
	if got, want := files["etc/airroot/app.args"], "-listen\n:80 and more\n"; got != want {
		t.Errorf("etc/airroot/app.args = %q, want %q", got, want)
	}
	if !strings.Contains(printed, "has no vfat") {
		t.Errorf("no warning that the kernel cannot read the card:\n%s", printed)
	}
}

func TestBuildAppErrors(t *testing.T) {
	dir := t.TempDir()
	prog := writeFile(t, dir, "box", "x")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "no such app", args: []string{"--app", filepath.Join(dir, "nothing")}, want: "--app:"},
		{name: "newline in an argument", args: []string{"--app", prog, "--app-arg", "a\nb"}, want: "--app-arg:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"build", "--init", testutil.FakeInit(t), "-o", filepath.Join(dir, "i.gz")}, tt.args...)
			if _, err := runAirroot(t, "", args...); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("build %v: %v, want an error with %q", tt.args, err, tt.want)
			}
		})
	}
}

func TestBuildApplianceFolder(t *testing.T) {
	dir := t.TempDir()
	prog := writeFile(t, dir, "box", "\x7fELF app")
	out := filepath.Join(dir, "boot")
	printed, err := runAirroot(t, "", "build", "--init", testutil.FakeInit(t), "--kernel-deb", testDeb(t), "--app", prog, "--out", out)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, printed)
	}
	line, err := os.ReadFile(filepath.Join(out, "cmdline.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(line), "console=serial0,115200 console=tty1 ip=dhcp\n"; got != want {
		t.Errorf("cmdline.txt = %q, want %q (no NFS root)", got, want)
	}
	sample, err := os.ReadFile(filepath.Join(out, "wpa_supplicant.conf"))
	if err != nil {
		t.Fatal(err)
	}
	if string(sample) != wifiSample {
		t.Errorf("wpa_supplicant.conf = %q", sample)
	}
	if strings.Contains(printed, "no_root_squash") {
		t.Errorf("the summary of an appliance asks for an NFS export:\n%s", printed)
	}
}

// The sample holds no network, so the built-in ones stay, and becomes one
// network once its block is uncommented.
func TestWiFiSample(t *testing.T) {
	cfg, _, err := conf.Parse(strings.NewReader(wifiSample))
	if err != nil || len(cfg.Networks) != 0 {
		t.Fatalf("sample: %v networks, %v; want none", cfg, err)
	}
	var lines []string
	for _, l := range strings.Split(wifiSample, "\n") {
		if strings.HasPrefix(l, "#network") || strings.HasPrefix(l, "#\t") || l == "#}" {
			l = l[1:]
		}
		lines = append(lines, l)
	}
	cfg, _, err = conf.Parse(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil || len(cfg.Networks) != 1 || cfg.Networks[0].SSID != "My Network" {
		t.Errorf("uncommented sample: %+v, %v; want the network \"My Network\"", cfg, err)
	}
}
