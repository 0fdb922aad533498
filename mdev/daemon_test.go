package mdev

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDaemonLoadsModulesForModaliases(t *testing.T) {
	h := newHarness(t)
	h.loader.fail = map[string]error{"rtl8192cu": errors.New("load module rtl8192cu: finit_module: exec format error")}
	h.start(t)
	virtio := event(t, "DEVPATH=/devices/pci0000:00/0000:00:03.0/virtio0", "SUBSYSTEM=virtio", "MODALIAS=virtio:d00000001v00001AF4")
	usb0 := event(t, "DEVPATH=/devices/platform/soc/20980000.usb/usb1/1-1/1-1:1.0", "SUBSYSTEM=usb",
		"MODALIAS=usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00")
	usb1 := event(t, "DEVPATH=/devices/platform/soc/20980000.usb/usb1/1-1/1-1:1.1", "SUBSYSTEM=usb",
		"MODALIAS=usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin01")
	unknown := event(t, "DEVPATH=/devices/system/cpu/cpu0", "SUBSYSTEM=cpu", "MODALIAS=cpu:type:ARM:feature:,0000")
	removed := event(t, "ACTION=remove", "DEVPATH=/devices/pci0000:00/0000:00:04.0/virtio1", "MODALIAS=virtio:d00000001v00001AF4")
	h.send(virtio, usb0, usb1, unknown, removed)
	h.settle(t)

	// Modules load concurrently, in no set order.
	want := []string{"rtl8192cu", "rtl8xxxu", "virtio_net"}
	got := h.loader.names()
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("modules loaded (-want +got):\n%s", diff)
	}
	wantWhys := []string{
		"rtl8192cu: modalias usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00 of /devices/platform/soc/20980000.usb/usb1/1-1/1-1:1.0",
		"rtl8xxxu: modalias usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00 of /devices/platform/soc/20980000.usb/usb1/1-1/1-1:1.0",
		"virtio_net: modalias virtio:d00000001v00001AF4 of /devices/pci0000:00/0000:00:03.0/virtio0",
	}
	h.loader.mu.Lock()
	gotWhys := slices.Clone(h.loader.whys)
	h.loader.mu.Unlock()
	slices.Sort(gotWhys)
	if diff := cmp.Diff(wantWhys, gotWhys); diff != "" {
		t.Errorf("why each module was asked for (-want +got):\n%s", diff)
	}
	h.log.find(t, "mdev: load module rtl8192cu: finit_module: exec format error (asked for by usb:v0BDAp8176")
	h.log.find(t, "mdev: no module for cpu:type:ARM:feature:,0000")
}

func TestDaemonSettleWaitsForModuleLoad(t *testing.T) {
	h := newHarness(t)
	h.loader.gate = make(chan struct{})
	h.start(t)
	h.send(event(t, "DEVPATH=/devices/virtio0", "MODALIAS=virtio:d00000001v00001AF4"))

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := h.d.Settle(ctx, 10*time.Millisecond)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "1 module loads pending") {
		t.Fatalf("Settle() during a module load = %v, want a deadline error saying 1 module load is pending", err)
	}
	close(h.loader.gate)
	h.settle(t)
	if diff := cmp.Diff([]string{"virtio_net"}, h.loader.names()); diff != "" {
		t.Errorf("modules loaded (-want +got):\n%s", diff)
	}
}

func TestDaemonSettleWaitsForQuiet(t *testing.T) {
	h := newHarness(t)
	h.start(t)
	const quiet = 300 * time.Millisecond
	ev := event(t, "DEVPATH=/devices/x")
	var mu sync.Mutex
	var sends []time.Time
	go func() { // an event every 10ms for 150ms, or slower on a loaded machine
		for i := 0; i < 15; i++ {
			mu.Lock()
			sends = append(sends, time.Now())
			mu.Unlock()
			h.send(ev)
			time.Sleep(10 * time.Millisecond)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.d.Settle(ctx, quiet); err != nil {
		t.Fatalf("Settle() error = %v", err)
	}
	returned := time.Now()
	mu.Lock()
	defer mu.Unlock()
	var last time.Time // the last event sent before Settle returned
	for _, at := range sends {
		if at.Before(returned) {
			last = at
		}
	}
	if last.IsZero() {
		t.Fatal("Settle() returned before the first event was sent")
	}
	// However slow the sender, Settle may return only after a quiet time
	// with no event, so the last event sent before it returned is at least
	// that old (less the time between taking the clock and sending).
	if since := returned.Sub(last); since < quiet-20*time.Millisecond {
		t.Errorf("Settle() returned %v after the last event sent, want at least %v", since, quiet)
	}
}

func TestDaemonIgnoresBadMessages(t *testing.T) {
	h := newHarness(t)
	h.start(t)
	h.src.items <- sourceItem{msg: []byte("libudev\x00\xfe\xed\xca\xfe")}
	h.src.items <- sourceItem{msg: []byte("garbage")}
	h.src.items <- sourceItem{err: ErrEventsLost}
	h.send(event(t, "DEVPATH=/devices/virtio0", "MODALIAS=virtio:d00000001v00001AF4"))
	h.settle(t)
	h.log.find(t, `mdev: parse uevent: header "garbage" is not ACTION@/DEVPATH`)
	h.log.find(t, "mdev: uevent socket overflowed: the kernel dropped events; some devices may lack their modules")
	if diff := cmp.Diff([]string{"virtio_net"}, h.loader.names()); diff != "" {
		t.Errorf("modules loaded after bad messages (-want +got):\n%s", diff)
	}
	if h.log.has("libudev") {
		t.Error("libudev message logged")
	}
}

func TestDaemonStop(t *testing.T) {
	h := newHarness(t)
	if err := h.d.Stop(); err != nil {
		t.Errorf("Stop() before Start = %v, want nil", err)
	}
	if err := h.d.Settle(context.Background(), time.Millisecond); err == nil {
		t.Error("Settle() before Start = nil, want an error")
	}
	h.start(t)
	if err := h.d.Start(context.Background()); err == nil {
		t.Error("second Start() = nil, want an error")
	}
	if err := h.d.Stop(); err != nil {
		t.Fatalf("Stop() = %v", err)
	}
	if _, err := h.src.Receive(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("source after Stop: Receive() error = %v, want closed", err)
	}
	if err := h.d.Stop(); err != nil {
		t.Errorf("second Stop() = %v", err)
	}
}

func TestDaemonStopsWhenContextEnds(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	if err := h.d.Start(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case <-h.src.closed:
	case <-time.After(5 * time.Second):
		t.Fatal("source not closed after the context ended")
	}
	if err := h.d.Stop(); err != nil {
		t.Errorf("Stop() = %v", err)
	}
}

func TestDaemonRejectsBadRuleMadeByHand(t *testing.T) {
	h := newHarness(t)
	h.d.Rules = []Rule{{Pattern: "sd[a", Line: 4}}
	err := h.d.Start(context.Background())
	if err == nil || !strings.Contains(err.Error(), "(line 4)") {
		t.Fatalf("Start() with a bad regex = %v, want an error naming line 4", err)
	}
}

// TestDaemonModaliasLookupFails: a loader that cannot look modaliases up
// (no modules tree) is reported once, and no module is loaded.
func TestDaemonModaliasLookupFails(t *testing.T) {
	h := newHarness(t)
	h.loader.lookupErr = errors.New("open modules tree /lib/modules/x: no such file or directory")
	h.start(t)
	h.send(event(t, "DEVPATH=/devices/virtio0", "SUBSYSTEM=virtio", "MODALIAS=virtio:d00000001v00001AF4"),
		event(t, "DEVPATH=/devices/virtio1", "SUBSYSTEM=virtio", "MODALIAS=virtio:d00000001v00001AF4"))
	h.settle(t)
	var reported int
	for _, line := range h.log.all() {
		if strings.HasPrefix(line, "mdev: no module autoload: open modules tree") {
			reported++
		}
	}
	if reported != 1 || len(h.loader.names()) != 0 {
		t.Errorf("reported %d times, loaded %q; want once, nothing", reported, h.loader.names())
	}
}

func TestDaemonNotifies(t *testing.T) {
	h := newHarness(t)
	var mu sync.Mutex
	var seen []string
	h.d.Notify = func(ev Event) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, ev.Action+" "+ev.DevName)
	}
	h.start(t)
	disk := "DEVPATH=/devices/platform/soc/20980000.usb/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda"
	h.send(
		event(t, disk, "SUBSYSTEM=block", "DEVNAME=sda", "DEVTYPE=disk"),
		event(t, disk+"/sda1", "SUBSYSTEM=block", "DEVNAME=sda1", "DEVTYPE=partition"),
		event(t, "ACTION=change", disk, "SUBSYSTEM=block", "DEVNAME=sda"),
		event(t, "ACTION=remove", disk+"/sda1", "SUBSYSTEM=block", "DEVNAME=sda1", "DEVTYPE=partition"),
	)
	h.settle(t)
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff([]string{"add sda", "add sda1", "remove sda1"}, seen); diff != "" {
		t.Errorf("events notified (-want +got):\n%s", diff)
	}
}
