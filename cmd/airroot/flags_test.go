package main

import (
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBuildFlagsRefused(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in the error
	}{
		{name: "passphrase value", args: []string{"--ssid", "home", "--passphrase", "hunter22hunter"}, want: "shell history"},
		{name: "passphrase equals", args: []string{"--passphrase=hunter22hunter"}, want: "shell history"},
		{name: "passphrase one dash", args: []string{"-passphrase", "x"}, want: "shell history"},
		{name: "deb and modules dir", args: []string{"--kernel-deb", "k.deb", "--modules-dir", "d"}, want: "not both"},
		{name: "deb and kernel", args: []string{"--kernel-deb", "k.deb", "--kernel", "vmlinuz", "--out", "o"}, want: "not both"},
		{name: "kernel without modules", args: []string{"--kernel", "vmlinuz", "--out", "o"}, want: "go with --modules-dir"},
		{name: "firmware filter without tree", args: []string{"--firmware", "brcm/*"}, want: "--firmware-dir"},
		{name: "config and ssid", args: []string{"--wifi-config", "w.conf", "--ssid", "home"}, want: "not both"},
		{name: "ssid without secret", args: []string{"--ssid", "home"}, want: "--passphrase-file"},
		{name: "two secrets", args: []string{"--ssid", "home", "--passphrase-stdin", "--open"}, want: "one of"},
		{name: "secret without ssid", args: []string{"--passphrase-stdin"}, want: "go with --ssid"},
		{name: "nfsroot without out", args: []string{"--nfsroot", "s:/srv/pi"}, want: "give --out"},
		{name: "ip without out", args: []string{"--ip", "dhcp"}, want: "give --out"},
		{name: "console without out", args: []string{"--console", "tty1"}, want: "give --out"},
		{name: "out and o", args: []string{"--kernel-deb", "k.deb", "--out", "d", "-o", "i.gz"}, want: "not both"},
		{name: "out without kernel", args: []string{"--modules-dir", "d", "--out", "o"}, want: "kernel image"},
		{name: "bad compression", args: []string{"--compress", "lz4"}, want: "gzip, zstd, xz or none"},
		{name: "bad nfsroot", args: []string{"--kernel-deb", "k.deb", "--out", "o", "--nfsroot", "s:relative"}, want: "--nfsroot"},
		{name: "bad add", args: []string{"--add", "nocolon"}, want: "--add"},
		{name: "argument", args: []string{"stray"}, want: "unexpected argument"},
		{name: "unknown flag", args: []string{"--frobnicate"}, want: "not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseBuildFlags(tt.args, io.Discard)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "hunter22") {
				t.Errorf("error %q repeats the pass-phrase", err)
			}
		})
	}
}

func TestBuildFlagsAccepted(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{name: "e2e harness", args: []string{"--init", "out/init", "--modules-dir", "d", "--modules", "", "-o", "x.cpio.gz"}},
		{name: "deb boot folder", args: []string{"--kernel-deb", "k.deb", "--out", "boot", "--nfsroot", "10.0.0.1:/srv/pi,vers=3",
			"--ip", "dhcp", "--console", "ttyS1,115200", "--console", "tty1", "--cmdline-extra", "quiet airroot.debug"}},
		{name: "folders boot folder", args: []string{"--modules-dir", "d", "--kernel", "vmlinuz", "--dtbs", "dtbs", "--out", "boot"}},
		{name: "ssid from file", args: []string{"--ssid", "home", "--passphrase-file", "p"}},
		{name: "open network", args: []string{"--ssid", "cafe", "--open"}},
		{name: "firmware filter", args: []string{"--firmware-dir", "fw", "--firmware", "brcm/a*,regulatory.*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseBuildFlags(tt.args, io.Discard); err != nil {
				t.Errorf("parseBuildFlags: %v", err)
			}
		})
	}
}

func TestBuildFlagValues(t *testing.T) {
	f, err := parseBuildFlags([]string{"--modules", "a, b", "--modules", "c", "--console", "ttyS1,115200", "--console", "tty1",
		"--cmdline-extra", `quiet x="a b"`, "--kernel-deb", "k.deb", "--out", "o"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	got := [][]string{f.modules, f.consoles, f.cmdlineExtra}
	want := [][]string{{"a", "b", "c"}, {"ttyS1,115200", "tty1"}, {"quiet", "x=a b"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
