package boot

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/init/app"
	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/init/layout"
)

func TestScriptInterpreter(t *testing.T) {
	tests := []struct{ head, want string }{
		{head: "#!/bin/sh\necho hi\n", want: "/bin/sh"},
		{head: "#! /usr/bin/env python3 -u\n", want: "/usr/bin/env"},
		{head: "#!\n", want: ""},
		{head: "\x7fELF\x01\x01\x01", want: ""},
		{head: "#!/bin/busybox", want: "/bin/busybox"},
	}
	for _, tt := range tests {
		t.Run(tt.head, func(t *testing.T) {
			if got := scriptInterpreter([]byte(tt.head)); got != tt.want {
				t.Errorf("scriptInterpreter(%q) = %q, want %q", tt.head, got, tt.want)
			}
		})
	}
}

func TestCheckRunnable(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		path    string
		wantErr bool
		wantFix bool
	}{
		{name: "a binary", path: write("bin", "\x7fELF...")},
		{name: "a script whose interpreter is there", path: write("ok.sh", "#!"+write("sh", "")+"\n")},
		{name: "a script for a missing shell", path: write("box", "#!/nonexistent/sh\n"), wantErr: true, wantFix: true},
		{name: "missing", path: filepath.Join(dir, "nothing"), wantErr: true},
		{name: "a directory", path: dir, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkRunnable(tt.path)
			if (err != nil) != tt.wantErr {
				t.Fatalf("checkRunnable(%s) = %v, want error %v", tt.path, err, tt.wantErr)
			}
			var fix *Fix
			if errors.As(err, &fix) != tt.wantFix {
				t.Errorf("checkRunnable(%s) = %v: a fix %v, want %v", tt.path, err, !tt.wantFix, tt.wantFix)
			}
		})
	}
}

func TestChooseMode(t *testing.T) {
	if exists(layout.App.Path) {
		t.Skipf("this machine has %s, which means a built-in app", layout.App.Path)
	}
	tests := []struct {
		cmdline       string
		wantAppliance bool
		wantCard      bool
	}{
		{cmdline: "root=/dev/nfs ip=dhcp"},
		{cmdline: "root=/dev/nfs airroot.bootpart", wantCard: true},
		{cmdline: "root=/dev/nfs airroot.bootpart=none", wantCard: true},
		{cmdline: "root=/dev/nfs airroot.app=box", wantAppliance: true, wantCard: true},
		{cmdline: "console=tty1 ip=dhcp", wantAppliance: true, wantCard: true},
	}
	for _, tt := range tests {
		t.Run(tt.cmdline, func(t *testing.T) {
			b := &Boot{Log: &bootlog.Logger{}}
			b.Config, _ = cmdline.Parse(tt.cmdline)
			b.chooseMode()
			if (b.app != nil) != tt.wantAppliance || b.card.wanted != tt.wantCard {
				t.Errorf("appliance %v, card wanted %v; want %v, %v", b.app != nil, b.card.wanted, tt.wantAppliance, tt.wantCard)
			}
		})
	}
}

func TestFindApp(t *testing.T) {
	if exists(layout.App.Path) {
		t.Skipf("this machine has %s, which means a built-in app", layout.App.Path)
	}
	card := t.TempDir()
	defer func(old string) { bootPartDir = old }(bootPartDir)
	bootPartDir = card
	for _, name := range []string{"box", "other"} {
		if err := os.WriteFile(filepath.Join(card, name), []byte("\x7fELF"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		cmdline  string
		wantPath string
		wantArgs []string
	}{
		{name: "seed 004's box", cmdline: "ip=dhcp", wantPath: filepath.Join(card, "box")},
		{name: "another name on the card", cmdline: "airroot.app=other -- -v 2", wantPath: filepath.Join(card, "other"), wantArgs: []string{"-v", "2"}},
		{name: "an absolute path", cmdline: "airroot.app=" + filepath.Join(card, "box"), wantPath: filepath.Join(card, "box")},
		{name: "not on the card", cmdline: "airroot.app=missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &Boot{Log: &bootlog.Logger{}}
			b.Config, _ = cmdline.Parse(tt.cmdline)
			b.chooseMode()
			path, args, err := b.findApp()
			if tt.wantPath == "" {
				if hintOf(err) == "" {
					t.Errorf("findApp = %q, %v; want an error with a fix", path, err)
				}
				return
			}
			if err != nil || path != tt.wantPath || strings.Join(args, " ") != strings.Join(tt.wantArgs, " ") {
				t.Errorf("findApp = %q %q %v; want %q %q", path, args, err, tt.wantPath, tt.wantArgs)
			}
		})
	}
}

// TestFindAppWithoutRootOrApp: a command line without an NFS root and a card
// without an app is most likely an NFS root forgotten; the fix names both.
func TestFindAppWithoutRootOrApp(t *testing.T) {
	if exists(layout.App.Path) {
		t.Skipf("this machine has %s, which means a built-in app", layout.App.Path)
	}
	defer func(old string) { bootPartDir = old }(bootPartDir)
	bootPartDir = t.TempDir()
	tests := []struct {
		cmdline string
		wantFix string
	}{
		{cmdline: "ip=dhcp", wantFix: "nfsroot=SERVER:/PATH"},
		{cmdline: "ip=dhcp airroot.app=box", wantFix: "airroot build --app"},
	}
	for _, tt := range tests {
		b := &Boot{Log: &bootlog.Logger{}}
		b.Config, _ = cmdline.Parse(tt.cmdline)
		b.chooseMode()
		_, _, err := b.findApp()
		if fix := hintOf(err); !strings.Contains(fix, tt.wantFix) || (tt.wantFix != "nfsroot=SERVER:/PATH") == strings.Contains(fix, "nfsroot=") {
			t.Errorf("%q: findApp error %v, fix %q; want a fix with %q (and nfsroot= only when no app was asked for)", tt.cmdline, err, fix, tt.wantFix)
		}
	}
}

func TestAppFirst(t *testing.T) {
	tests := []struct {
		name string
		app  *app.Config
		want bool
	}{
		{name: "NFS root", want: false},
		{name: "appliance", app: &app.Config{}, want: true},
		{name: "appliance waiting for the network", app: &app.Config{WaitNetwork: true}, want: false},
	}
	for _, tt := range tests {
		if got := (&Boot{app: tt.app}).appFirst(); got != tt.want {
			t.Errorf("%s: appFirst() = %v, want %v", tt.name, got, tt.want)
		}
	}
}
