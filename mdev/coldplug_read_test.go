package mdev

import (
	"context"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// readSys is a sysfs as the kernel lists it, for the coldplug that reads
// uevent files: an SD host and a virtio NIC that want modules, /dev/null,
// and a listed device whose folder is gone (it vanished during the walk).
var readSys = map[string]string{
	"devices/platform/soc/20202000.mmc/uevent":            "OF_NAME=mmc\nMODALIAS=of:NmmcT(null)Cbrcm,bcm2835-sdhost\n",
	"devices/platform/a000000.virtio_mmio/virtio0/uevent": "MODALIAS=virtio:d00000001v00001AF4\n",
	"devices/virtual/mem/null/uevent":                     "MAJOR=1\nMINOR=3\nDEVNAME=null\nDEVMODE=0666\n",
	"bus/platform/devices/20202000.mmc":                   "->../../../devices/platform/soc/20202000.mmc",
	"bus/virtio/devices/virtio0":                          "->../../../devices/platform/a000000.virtio_mmio/virtio0",
	"class/mem/null":                                      "->../../devices/virtual/mem/null",
	"class/net/usb0":                                      "->../../devices/platform/soc/20980000.usb/usb1/1-1/1-1:1.0/net/usb0",
}

func TestDaemonColdplugReadsUeventFiles(t *testing.T) {
	virtio0 := event(t, "DEVPATH=/devices/platform/a000000.virtio_mmio/virtio0", "SUBSYSTEM=virtio",
		"MODALIAS=virtio:d00000001v00001AF4", "SEQNUM=7")
	null := event(t, "DEVPATH=/devices/virtual/mem/null", "SUBSYSTEM=mem", "DEVNAME=null", "MAJOR=1", "MINOR=3", "SEQNUM=8")
	usb0 := event(t, "DEVPATH=/devices/platform/soc/20980000.usb/usb1/1-1/1-1:1.0/net/usb0", "SUBSYSTEM=net",
		"INTERFACE=usb0", "SEQNUM=12")
	tests := []struct {
		name     string
		seqnums  []uint64 // /sys/kernel/uevent_seqnum when the socket opened, then later; none: no such file
		before   []Event  // on the socket before the coldplug
		later    []Event  // on the socket delay after Start returned
		delay    time.Duration
		wantLogs []string
		minWait  time.Duration
		maxWait  time.Duration
	}{
		{
			name:     "MODALIAS loads its module, DEVNAME gets its rule",
			wantLogs: []string{"mdev: add@/devices/virtual/mem/null (mem)", "mdev: coldplug: read 3 devices' uevent files (4 subsystems under "},
			maxWait:  time.Second,
		},
		{
			name:     "a device also announced by the socket, before and after the walk",
			seqnums:  []uint64{6, 8},
			before:   []Event{virtio0},
			later:    []Event{null},
			wantLogs: []string{"mdev: null added again: its command ran already"},
			maxWait:  time.Second,
		},
		{
			name:    "no uevent since the socket opened: nothing due",
			seqnums: []uint64{11, 11},
			maxWait: ueventPatience / 2,
		},
		{
			name:     "uevents due: waits for what the kernel sent until the walk ended",
			seqnums:  []uint64{11, 12},
			later:    []Event{usb0}, // a driver's interface, a little later
			delay:    100 * time.Millisecond,
			wantLogs: []string{"mdev: add@/devices/platform/soc/20980000.usb/usb1/1-1/1-1:1.0/net/usb0 (net)"},
			minWait:  100 * time.Millisecond,
			maxWait:  ueventPatience,
		},
		{
			name:     "uevents due that never come: given up after the patience",
			seqnums:  []uint64{11, 12},
			wantLogs: []string{"mdev: the kernel's uevents up to the last module load did not all come within 250ms"},
			minWait:  ueventPatience,
			maxWait:  4 * ueventPatience,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			writeSys(t, h.d.Sys, readSys)
			if tt.seqnums != nil {
				h.d.seqnum = seqnums(tt.seqnums)
			}
			h.d.Rules = []Rule{rule(t, "null 0:0 666 ! @echo made")} // !: no mknod, no chown, as any user
			h.d.trigger = func(p, uuid string) error {
				t.Errorf("wrote add %s to %s: the coldplug reads uevent files unless Trigger is set", uuid, p)
				return nil
			}
			cmds := &commandLog{}
			h.d.run = cmds.run
			h.src.send(tt.before...)
			start := time.Now()
			h.start(t)
			time.AfterFunc(tt.delay, func() { h.src.send(tt.later...) })
			h.settleNoQuiet(t)
			took := time.Since(start)

			loaded := h.loader.names()
			sort.Strings(loaded)
			if diff := cmp.Diff([]string{"bcm2835", "virtio_net"}, loaded); diff != "" {
				t.Errorf("modules loaded, each once (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"null: echo made"}, cmds.commands()); diff != "" {
				t.Errorf("mdev.conf commands run, each once (-want +got):\n%s", diff)
			}
			for _, want := range tt.wantLogs {
				h.log.find(t, want)
			}
			if took < tt.minWait || took > tt.maxWait {
				t.Errorf("settled after %v, want between %v and %v", took, tt.minWait, tt.maxWait)
			}
		})
	}
}

// settleNoQuiet waits for the daemon to settle with no quiet time, as the
// boot does when the coldplug reads uevent files.
func (h *harness) settleNoQuiet(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.d.Settle(ctx, 0); err != nil {
		t.Fatalf("Settle() error = %v", err)
	}
}

// TestSeenBefore follows one device through add and remove events from
// both origins: which adds are repeats of the other origin's, and which
// coldplug reads came before the device's remove event.
func TestSeenBefore(t *testing.T) {
	add := func(o eventOrigin) queuedEvent { return queuedEvent{Event{Action: "add", DevPath: "/devices/x"}, o} }
	remove := queuedEvent{Event{Action: "remove", DevPath: "/devices/x"}, fromKernel}
	bind := queuedEvent{Event{Action: "bind", DevPath: "/devices/x"}, fromKernel}
	tests := []struct {
		name   string
		events []queuedEvent
		want   []string // again/stale for each event
	}{
		{"read, then announced", []queuedEvent{add(fromSysfs), bind, add(fromKernel)}, []string{"", "", "again"}},
		{"announced, then read", []queuedEvent{add(fromKernel), add(fromSysfs)}, []string{"", "again"}},
		{"announced twice (add written to uevent)", []queuedEvent{add(fromKernel), add(fromKernel)}, []string{"", ""}},
		{"read, then gone", []queuedEvent{add(fromSysfs), remove}, []string{"", ""}},
		{"gone before its read was handled", []queuedEvent{remove, add(fromSysfs)}, []string{"", "stale"}},
		{"back with its own add event", []queuedEvent{remove, add(fromSysfs), add(fromKernel)}, []string{"", "stale", ""}},
		{"removed and added again before the read", []queuedEvent{add(fromSysfs), remove, add(fromKernel), add(fromSysfs)}, []string{"", "", "", "again"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Daemon{added: make(map[string]eventOrigin)}
			var got []string
			for _, q := range tt.events {
				again, stale := d.seenBefore(q)
				switch {
				case again:
					got = append(got, "again")
				case stale:
					got = append(got, "stale")
				default:
					got = append(got, "")
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("seenBefore (-want +got):\n%s", diff)
			}
		})
	}
}

// seqnums plays /sys/kernel/uevent_seqnum: each read returns the next
// number, the last one for good.
func seqnums(ns []uint64) func() (uint64, error) {
	var mu sync.Mutex
	return func() (uint64, error) {
		mu.Lock()
		defer mu.Unlock()
		n := ns[0]
		if len(ns) > 1 {
			ns = ns[1:]
		}
		return n, nil
	}
}

func TestReadSeqnum(t *testing.T) {
	sys := t.TempDir()
	writeSys(t, sys, map[string]string{"kernel/uevent_seqnum": "1843\n"})
	if n, err := readSeqnum(sys); n != 1843 || err != nil {
		t.Errorf("readSeqnum() = %d, %v; want 1843", n, err)
	}
	writeSys(t, sys, map[string]string{"kernel/uevent_seqnum": "x"}) // overwritten: not a number
	if _, err := readSeqnum(sys); err == nil || !strings.Contains(err.Error(), "read the kernel's uevent number") {
		t.Errorf("readSeqnum() of a bad file: error %v, want one naming what was read", err)
	}
}

// linkSys has a device with a node and a device link between two platform
// devices, as a device tree makes them.
var linkSys = map[string]string{
	"devices/virtual/mem/null/uevent":                                          "MAJOR=1\nMINOR=3\nDEVNAME=null\n",
	"devices/virtual/devlink/platform:soc:power--platform:20980000.usb/uevent": "",
	"class/mem/null": "->../../devices/virtual/mem/null",
	"class/devlink/platform:soc:power--platform:20980000.usb": "->../../devices/virtual/devlink/platform:soc:power--platform:20980000.usb",
}

// TestColdplugLeavesOutDeviceLinks: the coldplug that reads uevent files
// skips the device links unless a rule runs a command or Notify is set.
func TestColdplugLeavesOutDeviceLinks(t *testing.T) {
	const link = "platform:soc:power--platform:20980000.usb"
	tests := []struct {
		name     string
		rules    []string
		notify   bool
		wantLink bool
	}{
		{name: "no rules", wantLink: false},
		{name: "rules without commands", rules: []string{"null 0:0 666", ".* 0:0 660"}, wantLink: false},
		{name: "a rule with a command may match any name", rules: []string{"null 0:0 666", ".* 0:0 660 @echo $MDEV"}, wantLink: true},
		{name: "Notify sees every event", notify: true, wantLink: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Daemon{Sys: t.TempDir()}
			writeSys(t, d.Sys, linkSys)
			for _, line := range tt.rules {
				d.Rules = append(d.Rules, rule(t, line))
			}
			if tt.notify {
				d.Notify = func(Event) {}
			}
			devs, how, err := d.listDevices(context.Background(), d.bookkeeping()...)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, dev := range devs {
				names = append(names, filepath.Base(dev.path))
			}
			if got := slices.Contains(names, link); got != tt.wantLink {
				t.Errorf("listed %v (%s): device link listed = %v, want %v", names, how, got, tt.wantLink)
			}
			if !slices.Contains(names, "null") {
				t.Errorf("listed %v: want null", names)
			}
			if left := strings.Contains(how, "devlink left out"); left == tt.wantLink {
				t.Errorf("how = %q: says devlink left out = %v, want %v", how, left, !tt.wantLink)
			}
		})
	}
}
