package modprobe

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    options
		wantErr string
	}{
		{name: "the kernel's call", args: []string{"-q", "--", "crypto-ccm(aes)"}, want: options{quiet: true, names: []string{"crypto-ccm(aes)"}, sawOption: true}},
		{name: "combined options", args: []string{"-qbv", "fs-nfs", "nfsv3"}, want: options{quiet: true, useBlacklist: true, verbose: true, names: []string{"fs-nfs", "nfsv3"}, sawOption: true}},
		{name: "long options", args: []string{"--quiet", "--use-blacklist", "--all", "--syslog", "--ignore-install", "--verbose", "a"}, want: options{quiet: true, useBlacklist: true, verbose: true, names: []string{"a"}, sawOption: true}},
		{name: "option after name, GNU style", args: []string{"a", "-q"}, want: options{quiet: true, names: []string{"a"}, sawOption: true}},
		{name: "after --, everything is a name", args: []string{"--", "-q", "-"}, want: options{names: []string{"-q", "-"}, sawOption: true}},
		{name: "no option", args: []string{"nfs"}, want: options{names: []string{"nfs"}}},
		{name: "no name", args: []string{"-q", "--"}, wantErr: "no module named: usage: modprobe [-q] [-v] [-b] [-a] [--] NAME [NAME...]"},
		{name: "unknown short option", args: []string{"-qr", "x"}, wantErr: "unknown option -r: usage"},
		{name: "unknown long option", args: []string{"--remove", "x"}, wantErr: "unknown option --remove: usage"},
		{name: "module parameters", args: []string{"brcmfmac", "roamoff=1"}, wantErr: "roamoff=1: module parameters on the modprobe command line are not supported"},
		{name: "empty name", args: []string{"--", ""}, wantErr: "empty module name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseArgs(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) || !errors.Is(err, errUsage) {
					t.Errorf("error = %v, want one starting %q matching errUsage", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(options{})); diff != "" {
				t.Errorf("parseArgs(%q) (-want +got):\n%s", tt.args, diff)
			}
		})
	}
}

func TestInvoked(t *testing.T) {
	tests := []struct {
		name string
		args []string
		pid  int
		want bool
	}{
		{name: "the kernel's helper", args: []string{"/init", "-q", "--", "fs-nfs"}, pid: 412, want: true},
		{name: "PID 1 never", args: []string{"/init", "-q", "--", "fs-nfs"}, pid: 1, want: false},
		{name: "PID 1 boot", args: []string{"/init"}, pid: 1, want: false},
		{name: "no arguments", args: []string{"/init"}, pid: 7, want: false},
		{name: "a name alone is not a modprobe call", args: []string{"/init", "nfs"}, pid: 7, want: false},
		{name: "unknown option", args: []string{"/init", "--debug", "x"}, pid: 7, want: false},
		{name: "no name", args: []string{"/init", "-q"}, pid: 7, want: false},
		{name: "called modprobe", args: []string{"/sbin/modprobe", "nfs"}, pid: 7, want: true},
		{name: "called modprobe, bad arguments: Main says why", args: []string{"modprobe", "-r", "nfs"}, pid: 7, want: true},
		{name: "empty", args: nil, pid: 7, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Invoked(tt.args, tt.pid); got != tt.want {
				t.Errorf("Invoked(%q, %d) = %v, want %v", tt.args, tt.pid, got, tt.want)
			}
		})
	}
}

func FuzzParseArgs(f *testing.F) {
	f.Add("-q\x00--\x00crypto-ccm(aes)")
	f.Add("-qbv\x00a\x00--\x00-b\x00x=y")
	f.Fuzz(func(t *testing.T, joined string) {
		o, err := parseArgs(strings.Split(joined, "\x00"))
		if err != nil {
			if !errors.Is(err, errUsage) {
				t.Errorf("error %v does not match errUsage", err)
			}
			return
		}
		if len(o.names) == 0 {
			t.Fatal("no error and no name")
		}
		// The options and names, written the kernel's way, parse the same.
		args := []string{"-v"}
		if o.quiet {
			args = append(args, "-q")
		}
		if o.useBlacklist {
			args = append(args, "-b")
		}
		again, err := parseArgs(append(append(args, "--"), o.names...))
		if err != nil {
			t.Fatalf("parseArgs again: %v", err)
		}
		o.verbose, o.sawOption = true, true
		if diff := cmp.Diff(o, again, cmp.AllowUnexported(options{})); diff != "" {
			t.Errorf("(-first +again):\n%s", diff)
		}
	})
}
