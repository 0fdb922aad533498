package main

import (
	"io/fs"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/e2e/guestproto"
)

func TestCheckDeviceRule(t *testing.T) {
	rule := guestproto.DeviceRule{Conf: "full 1:2 0640 >e2e/full", Node: "/dev/e2e/full", Link: "/dev/full", UID: 1, GID: 2, Mode: 0o640}
	node := func(mode fs.FileMode, uid, gid uint32) *fstest.MapFile {
		return &fstest.MapFile{Mode: mode, Sys: &syscall.Stat_t{Uid: uid, Gid: gid}}
	}
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte(target)}
	}
	const dev = fs.ModeDevice | fs.ModeCharDevice
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		wantErr string // "" for a pass
	}{
		{name: "as the rule says", fsys: fstest.MapFS{"dev/e2e/full": node(dev|0o640, 1, 2), "dev/full": link("e2e/full")}},
		{name: "absolute link", fsys: fstest.MapFS{"dev/e2e/full": node(dev|0o640, 1, 2), "dev/full": link("/dev/e2e/full")}},
		{name: "rule not applied", fsys: fstest.MapFS{"dev/full": node(dev|0o666, 0, 0)}, wantErr: "dev/e2e/full"},
		{name: "wrong owner and mode", fsys: fstest.MapFS{"dev/e2e/full": node(dev|0o660, 0, 0), "dev/full": link("e2e/full")},
			wantErr: "/dev/e2e/full has mode 0660, want 0640; /dev/e2e/full is owned by 0:0, want 1:2"},
		{name: "no link", fsys: fstest.MapFS{"dev/e2e/full": node(dev|0o640, 1, 2)}, wantErr: "/dev/full is not a symbolic link"},
		{name: "link elsewhere", fsys: fstest.MapFS{"dev/e2e/full": node(dev|0o640, 1, 2), "dev/full": link("null")},
			wantErr: "/dev/full leads to null, want /dev/e2e/full"},
		{name: "a file, not a node", fsys: fstest.MapFS{"dev/e2e/full": node(0o640, 1, 2), "dev/full": link("e2e/full")},
			wantErr: "not a device node"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCheck(t, checkDeviceRule(system{root: tt.fsys}, rule), tt.wantErr)
		})
	}
}

func TestCheckDeviceCommand(t *testing.T) {
	rule := guestproto.DeviceRule{Conf: `full 0:0 0666 @echo "$ACTION $MDEV" >e2e/cmd`, CommandFile: "/dev/e2e/cmd", CommandWrote: "add full"}
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		wantErr string // "" for a pass
	}{
		{name: "ran", fsys: fstest.MapFS{"dev/e2e/cmd": {Data: []byte("add full\n")}}},
		{name: "never ran", fsys: fstest.MapFS{}, wantErr: "its command wrote nothing"},
		{name: "ran without mdev's environment", fsys: fstest.MapFS{"dev/e2e/cmd": {Data: []byte(" \n")}},
			wantErr: `/dev/e2e/cmd holds "", want "add full"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCheck(t, checkDeviceCommand(system{root: tt.fsys}, rule), tt.wantErr)
		})
	}
}

// wantCheck fails the test unless c passed (wantErr "") or failed saying wantErr.
func wantCheck(t *testing.T, c guestproto.Check, wantErr string) {
	t.Helper()
	switch {
	case wantErr == "" && !c.Pass:
		t.Errorf("check failed: %s", c.Detail)
	case wantErr != "" && (c.Pass || !strings.Contains(c.Detail, wantErr)):
		t.Errorf("check = pass %v, %q; want a failure saying %q", c.Pass, c.Detail, wantErr)
	}
}
