package mdev

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: mknod and chown")
	}
}

// devtmpfsNode makes the node devtmpfs would have made.
func devtmpfsNode(t *testing.T, dev, name string, block bool, major, minor uint32) {
	t.Helper()
	p := filepath.Join(dev, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := mknod(p, block, major, minor); err != nil {
		t.Fatal(err)
	}
}

// nodeState is what a test checks of a /dev entry.
type nodeState struct {
	Type     string // "char 1:3", "block 8:1", "link disk/a/1", "missing"
	Mode     fs.FileMode
	UID, GID uint32
}

func stateOf(t *testing.T, p string) nodeState {
	t.Helper()
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nodeState{Type: "missing"}
	}
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	s := nodeState{Mode: fi.Mode().Perm(), UID: st.Uid, GID: st.Gid}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(p)
		return nodeState{Type: "link " + target}
	case fi.Mode()&fs.ModeCharDevice != 0:
		s.Type = "char " + devNum(st)
	case fi.Mode()&fs.ModeDevice != 0:
		s.Type = "block " + devNum(st)
	default:
		s.Type = fi.Mode().Type().String()
	}
	return s
}

func devNum(st *syscall.Stat_t) string {
	return fmt.Sprintf("%d:%d", unix.Major(uint64(st.Rdev)), unix.Minor(uint64(st.Rdev)))
}

const testConf = `null 0:0 666
sd([a-z])([0-9]) root:disk 640 >disk/%1/%2
snd/.* 0:audio 660 =sound/
ttyS[0-9] 0:0 660 !
-fb[0-9] 0:video 660
fb[0-9] 0:0 600 @fbset -a
video[0-9] 0:video 660
`

func TestDaemonAppliesRules(t *testing.T) {
	needRoot(t)
	h := newHarness(t)
	rules, err := ParseConf(strings.NewReader(testConf), testIDs)
	if err != nil {
		t.Fatal(err)
	}
	h.d.Rules = rules
	dev := h.d.Dev
	devtmpfsNode(t, dev, "null", false, 1, 3)
	devtmpfsNode(t, dev, "sda1", true, 8, 1)
	devtmpfsNode(t, dev, "snd/controlC0", false, 116, 0)
	devtmpfsNode(t, dev, "ttyS0", false, 4, 64)
	devtmpfsNode(t, dev, "fb0", false, 29, 0)
	devtmpfsNode(t, dev, "zero", false, 1, 5)
	cmds := &commandLog{}
	h.d.run = cmds.run
	h.start(t)

	sda1 := event(t, "DEVPATH=/devices/x/block/sda/sda1", "SUBSYSTEM=block", "DEVNAME=sda1", "MAJOR=8", "MINOR=1")
	h.send(
		event(t, "DEVPATH=/devices/virtual/mem/null", "SUBSYSTEM=mem", "DEVNAME=null", "MAJOR=1", "MINOR=3"),
		event(t, "DEVPATH=/devices/virtual/mem/zero", "SUBSYSTEM=mem", "DEVNAME=zero", "MAJOR=1", "MINOR=5"),
		sda1, sda1, // the second add (a coldplug) finds the node moved already
		event(t, "DEVPATH=/devices/x/sound/card0/controlC0", "SUBSYSTEM=sound", "DEVNAME=snd/controlC0", "MAJOR=116", "MINOR=0"),
		event(t, "DEVPATH=/devices/x/tty/ttyS0", "SUBSYSTEM=tty", "DEVNAME=ttyS0", "MAJOR=4", "MINOR=64"),
		event(t, "DEVPATH=/devices/x/graphics/fb0", "SUBSYSTEM=graphics", "DEVNAME=fb0", "MAJOR=29", "MINOR=0"),
		event(t, "DEVPATH=/devices/x/video4linux/video0", "SUBSYSTEM=video4linux", "DEVNAME=video0", "MAJOR=81", "MINOR=0"),
	)
	h.settle(t)

	got := map[string]nodeState{}
	for _, name := range []string{"null", "zero", "sda1", "disk/a/1", "snd/controlC0", "sound/controlC0", "ttyS0", "fb0", "video0"} {
		got[name] = stateOf(t, filepath.Join(dev, name))
	}
	want := map[string]nodeState{
		"null":            {Type: "char 1:3", Mode: 0o666},
		"zero":            {Type: "char 1:5", Mode: 0o600}, // no rule: as devtmpfs made it
		"sda1":            {Type: "link disk/a/1"},
		"disk/a/1":        {Type: "block 8:1", Mode: 0o640, GID: 6},
		"snd/controlC0":   {Type: "missing"},
		"sound/controlC0": {Type: "char 116:0", Mode: 0o660, GID: 29},
		"ttyS0":           {Type: "missing"},
		"fb0":             {Type: "char 29:0", Mode: 0o600},          // the '-' rule, then the next
		"video0":          {Type: "char 81:0", Mode: 0o660, GID: 44}, // made: devtmpfs had not
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("/dev after add events (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]ranCommand{{Command: "fbset -a", MDEV: "fb0", Action: "add"}}, cmds.all()); diff != "" {
		t.Errorf("commands run (-want +got):\n%s", diff)
	}

	remove := sda1
	remove.Action, remove.Env = "remove", map[string]string{}
	for k, v := range sda1.Env {
		remove.Env[k] = v
	}
	remove.Env["ACTION"] = "remove"
	h.send(remove)
	h.settle(t)
	for _, name := range []string{"sda1", "disk/a/1"} {
		if s := stateOf(t, filepath.Join(dev, name)); s.Type != "missing" {
			t.Errorf("/dev/%s after remove = %+v, want it gone; log:\n%s", name, s, strings.Join(h.log.lines, "\n"))
		}
	}
}
