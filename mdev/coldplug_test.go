package mdev

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// writeSys writes sysfs files under dir: name → content; a content starting
// with "->" makes a symlink.
func writeSys(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(content, "->"); ok {
			err = os.Symlink(target, p)
		} else {
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

var coldplugSys = map[string]string{
	"devices/platform/soc/20202000.mmc/uevent":       "OF_NAME=mmc\nMODALIAS=of:NmmcT(null)Cbrcm,bcm2835-sdhost\n",
	"devices/platform/soc/20202000.mmc/subsystem":    "->../../../../bus/platform",
	"devices/platform/soc/20202000.mmc/loop":         "->..",
	"devices/pci0000:00/0000:00:03.0/virtio0/uevent": "MODALIAS=virtio:d00000001v00001AF4\n",
	"devices/virtual/mem/null/uevent":                "MAJOR=1\nMINOR=3\nDEVNAME=null\nDEVMODE=0666\n",
	"devices/virtual/mem/null/dev":                   "1:3\n",
}

// TestDaemonColdplugTrigger asks the kernel to announce each device again.
func TestDaemonColdplugTrigger(t *testing.T) {
	h := newHarness(t)
	h.d.Trigger = true
	writeSys(t, h.d.Sys, coldplugSys)
	var triggered []string
	h.d.trigger = func(p, uuid string) error { // the kernel: announce the device on the socket
		rel, _ := filepath.Rel(h.d.Sys, p)
		triggered = append(triggered, filepath.ToSlash(rel))
		ev, err := h.d.readSysEvent(filepath.Dir(p))
		if err != nil {
			return err
		}
		ev.Env["SYNTH_UUID"] = uuid
		h.send(ev)
		return nil
	}
	h.start(t)
	h.settle(t)
	want := []string{
		"devices/pci0000:00/0000:00:03.0/virtio0/uevent",
		"devices/platform/soc/20202000.mmc/uevent",
		"devices/virtual/mem/null/uevent",
	}
	if diff := cmp.Diff(want, triggered); diff != "" {
		t.Errorf("uevent files written (-want +got):\n%s", diff)
	}
	loaded := h.loader.names()
	sort.Strings(loaded)
	if diff := cmp.Diff([]string{"bcm2835", "virtio_net"}, loaded); diff != "" {
		t.Errorf("modules loaded by coldplug (-want +got):\n%s", diff)
	}
	h.log.find(t, "mdev: coldplug: asked 3 devices (under "+filepath.Join(h.d.Sys, "devices")+") to announce themselves again")
}

func TestDaemonColdplugWritesAdd(t *testing.T) {
	h := newHarness(t)
	h.d.Trigger = true
	writeSys(t, h.d.Sys, map[string]string{"devices/virtual/x/uevent": "MODALIAS=none\n"})
	h.start(t)
	h.settle(t)
	got, err := os.ReadFile(filepath.Join(h.d.Sys, "devices/virtual/x/uevent"))
	if want := "add " + h.d.synthUUID; err != nil || string(got) != want {
		t.Errorf("uevent file after coldplug = %q, %v; want %q", got, err, want)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(h.d.synthUUID) {
		t.Errorf("synthetic-event UUID %q is not a version 4 UUID", h.d.synthUUID)
	}
}

func TestDaemonColdplugReadsFilesThatRefuseAdd(t *testing.T) {
	h := newHarness(t)
	h.d.Trigger = true
	writeSys(t, h.d.Sys, coldplugSys)
	h.d.trigger = func(string, string) error { return os.ErrPermission }
	h.start(t)
	h.settle(t)
	loaded := h.loader.names()
	sort.Strings(loaded)
	if diff := cmp.Diff([]string{"bcm2835", "virtio_net"}, loaded); diff != "" {
		t.Errorf("modules loaded from uevent files (-want +got):\n%s", diff)
	}
	h.log.find(t, `mdev: coldplug: 3 uevent files refused "add"; handled what they say instead`)
}

func TestDaemonColdplugWithoutSysDevices(t *testing.T) {
	h := newHarness(t)
	h.d.Sys = filepath.Join(t.TempDir(), "nosys")
	err := h.d.Start(context.Background())
	t.Cleanup(func() { h.d.Stop() })
	if err == nil || !strings.Contains(err.Error(), "mdev: coldplug under "+filepath.Join(h.d.Sys, "devices")) {
		t.Fatalf("Start() without /sys/devices = %v, want a coldplug error naming it", err)
	}
}

func TestReadSysEvent(t *testing.T) {
	d := &Daemon{Sys: t.TempDir()}
	writeSys(t, d.Sys, coldplugSys)
	ev, err := d.readSysEvent(filepath.Join(d.Sys, "devices/platform/soc/20202000.mmc"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"ACTION": "add", "DEVPATH": "/devices/platform/soc/20202000.mmc", "SUBSYSTEM": "platform",
		"OF_NAME": "mmc", "MODALIAS": "of:NmmcT(null)Cbrcm,bcm2835-sdhost",
	}
	if diff := cmp.Diff(want, ev.Env); diff != "" {
		t.Errorf("readSysEvent() (-want +got):\n%s", diff)
	}
}

// busSys is a sysfs with subsystem lists, as the kernel has: the devices are
// found through them, not by walking /sys/devices.
var busSys = map[string]string{
	"devices/platform/a003e00.virtio_mmio/uevent":    "MODALIAS=of:Nvirtio_mmioT(null)Cvirtio,mmio\n",
	"devices/platform/a003e00.virtio_mmio/subsystem": "->../../../bus/platform",
	"devices/virtual/mem/null/uevent":                "MAJOR=1\nMINOR=3\nDEVNAME=null\n",
	"devices/virtual/mem/null/subsystem":             "->../../../../class/mem",
	"devices/virtual/nobody/uevent":                  "MODALIAS=never:listed\n",
	"bus/platform/devices/a003e00.virtio_mmio":       "->../../../devices/platform/a003e00.virtio_mmio",
	"class/mem/null":                                 "->../../devices/virtual/mem/null",
	"class/gpio/export":                              "write-only attribute, not a device",
	"class/rfkill/rfkill1":                           "->../../devices/virtual/moved/away",
}

func TestDaemonColdplugTriggerBySubsystem(t *testing.T) {
	tests := []struct {
		name    string
		answer  func(h *harness, ev Event, uuid string) // what the fake kernel sends for a write
		wantLog string
		minWait time.Duration
		maxWait time.Duration
	}{
		{
			name: "every answer tagged: settled once they are in",
			answer: func(h *harness, ev Event, uuid string) {
				ev.Env["SYNTH_UUID"] = uuid
				h.send(ev)
			},
			wantLog: "mdev: coldplug: asked 3 devices (4 subsystems under ",
			maxWait: answerPatience / 2,
		},
		{
			name:    "an answer never comes: given up after the patience",
			answer:  func(h *harness, ev Event, uuid string) {},
			wantLog: "mdev: coldplug: 2 devices did not answer within 1s; going on without their events",
			minWait: answerPatience,
			maxWait: 5 * answerPatience,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.d.Trigger = true
			writeSys(t, h.d.Sys, busSys)
			var triggered []string
			h.d.trigger = func(p, uuid string) error {
				rel, _ := filepath.Rel(h.d.Sys, p)
				triggered = append(triggered, filepath.ToSlash(rel))
				ev, err := h.d.readSysEvent(filepath.Dir(p))
				if err != nil {
					return err
				}
				tt.answer(h, ev, uuid)
				return nil
			}
			start := time.Now()
			h.start(t)
			h.settle(t)
			took := time.Since(start)
			// rfkill1 is gone (its radio moved to another namespace): tried, not waited for.
			want := []string{"bus/platform/devices/a003e00.virtio_mmio/uevent", "class/mem/null/uevent", "class/rfkill/rfkill1/uevent"}
			if diff := cmp.Diff(want, triggered); diff != "" {
				t.Errorf("uevent files written (-want +got):\n%s", diff)
			}
			h.log.find(t, tt.wantLog)
			if took < tt.minWait || took > tt.maxWait {
				t.Errorf("settled after %v, want between %v and %v", took, tt.minWait, tt.maxWait)
			}
		})
	}
}

// TestReadSysEventThroughLink reads a device's uevent file through its
// subsystem's link: DEVPATH is the device's own path.
func TestReadSysEventThroughLink(t *testing.T) {
	d := &Daemon{Sys: t.TempDir()}
	writeSys(t, d.Sys, busSys)
	ev, err := d.readSysEvent(filepath.Join(d.Sys, "bus/platform/devices/a003e00.virtio_mmio"))
	if err != nil {
		t.Fatal(err)
	}
	if ev.DevPath != "/devices/platform/a003e00.virtio_mmio" || ev.Subsystem != "platform" {
		t.Errorf("readSysEvent through a link: DEVPATH %q SUBSYSTEM %q", ev.DevPath, ev.Subsystem)
	}
}

// TestReadSysEventsShareABuffer reads devices one after another, as the
// coldplug does with one buffer for every uevent file: each event keeps its
// own variables.
func TestReadSysEventsShareABuffer(t *testing.T) {
	d := &Daemon{Sys: t.TempDir()}
	writeSys(t, d.Sys, busSys)
	devs := []string{"devices/platform/a003e00.virtio_mmio", "devices/virtual/mem/null"}
	var got []map[string]string
	for _, dev := range devs {
		ev, err := d.readSysEvent(filepath.Join(d.Sys, dev))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ev.Env)
	}
	want := []map[string]string{
		{"ACTION": "add", "DEVPATH": "/devices/platform/a003e00.virtio_mmio", "SUBSYSTEM": "platform",
			"MODALIAS": "of:Nvirtio_mmioT(null)Cvirtio,mmio"},
		{"ACTION": "add", "DEVPATH": "/devices/virtual/mem/null", "SUBSYSTEM": "mem",
			"MAJOR": "1", "MINOR": "3", "DEVNAME": "null"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events read one after another (-want +got):\n%s", diff)
	}
}
