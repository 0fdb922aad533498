package mdev

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIntegrationUeventSocket opens the real uevent socket, asks the
// kernel for a "change" event of /dev/null (harmless), reads it back, and
// checks that Close wakes a blocked Receive.
func TestIntegrationUeventSocket(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: the uevent socket and writes to /sys")
	}
	const devpath = "/devices/virtual/mem/null"
	if _, err := os.Stat("/sys" + devpath + "/uevent"); err != nil {
		t.Skipf("no %s in /sys: %v", devpath, err)
	}
	src, err := dialUevent()
	if err != nil {
		t.Fatalf("dialUevent() = %v", err)
	}
	got := make(chan Event)
	go func() {
		for {
			msg, err := src.Receive()
			if err != nil {
				close(got)
				return
			}
			if ev, err := ParseMessage(msg); err == nil && ev.DevPath == devpath && ev.Action == "change" {
				got <- ev
			}
		}
	}()
	if err := writeAttr("/sys"+devpath+"/uevent", "change"); err != nil {
		t.Fatalf("trigger change: %v", err)
	}
	select {
	case ev := <-got:
		if ev.DevName != "null" || !ev.HasDevNum() || ev.Major != 1 || ev.Minor != 3 || ev.Seqnum == 0 {
			t.Errorf("event for /dev/null = %+v, want DEVNAME=null 1:3 with a SEQNUM", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no change event for /dev/null within 10s")
	}
	if err := src.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	select {
	case _, open := <-got:
		if open {
			t.Error("Receive() returned an event after Close, want fs.ErrClosed")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close() did not wake Receive()")
	}
	if _, err := src.Receive(); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Receive() after Close = %v, want fs.ErrClosed", err)
	}
}

// TestIntegrationDaemon runs the daemon on the real uevent socket, with a
// temp-dir /dev and an empty sysfs for the coldplug (the host's devices are
// left alone), asks the kernel to announce /dev/null again, and checks that
// the rule for it was applied to the temp-dir node.
func TestIntegrationDaemon(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: the uevent socket, mknod and writes to /sys")
	}
	const uevent = "/sys/devices/virtual/mem/null/uevent"
	if _, err := os.Stat(uevent); err != nil {
		t.Skipf("no %s: %v", uevent, err)
	}
	log := &logBook{}
	d := &Daemon{Sys: t.TempDir(), Dev: t.TempDir(), Log: log.printf, Debug: log.printf}
	if err := os.Mkdir(filepath.Join(d.Sys, "devices"), 0o755); err != nil {
		t.Fatal(err)
	}
	rules, err := ParseConf(strings.NewReader("null 0:0 640\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	d.Rules = rules
	devtmpfsNode(t, d.Dev, "null", false, 1, 3)
	if err := d.Start(context.Background()); err != nil {
		t.Fatalf("Start() = %v", err)
	}
	defer d.Stop()
	if err := writeAttr(uevent, "add"); err != nil {
		t.Fatalf("trigger add: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		fi, err := os.Stat(filepath.Join(d.Dev, "null"))
		if err == nil && fi.Mode().Perm() == 0o640 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/dev/null not chmod'ed to 0640 within 10s (%v, %v); log:\n%s", fi, err, strings.Join(log.lines, "\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.Settle(ctx, 50*time.Millisecond); err != nil {
		t.Errorf("Settle() = %v", err)
	}
	if err := d.Stop(); err != nil {
		t.Errorf("Stop() = %v", err)
	}
	if log.has("hotplug stops here") {
		t.Errorf("the receiver failed; log:\n%s", strings.Join(log.lines, "\n"))
	}
}
