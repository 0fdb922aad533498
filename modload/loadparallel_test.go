package modload

import (
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// eventLog records when fake Init calls start and end, in order.
type eventLog struct {
	mu       sync.Mutex
	events   []string // "start x.ko", "end x.ko"
	inFlight int
	most     int
}

func (e *eventLog) init(sleep time.Duration) func(fs.File, string, int) error {
	return func(f fs.File, _ string, _ int) error {
		fi, err := f.Stat()
		if err != nil {
			return err
		}
		e.record("start "+fi.Name(), 1)
		time.Sleep(sleep)
		e.record("end "+fi.Name(), -1)
		return nil
	}
}

func (e *eventLog) record(event string, delta int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.events = append(e.events, event)
	e.inFlight += delta
	e.most = max(e.most, e.inFlight)
}

func (e *eventLog) at(event string) int {
	for i, ev := range e.events {
		if ev == event {
			return i
		}
	}
	return -1
}

func TestLoadConcurrently(t *testing.T) {
	events := &eventLog{}
	l := newNetLoader(t, "", &recordingKernel{}, &strings.Builder{})
	l.Jobs = 3
	l.Init = events.init(20 * time.Millisecond)
	l.Loaded = func() ([]string, error) { return nil, nil }
	if err := l.Load("nfs", "virtio_net", "ipv6", "ccm", "snd_a", "snd_b"); err != nil {
		t.Fatal(err)
	}
	before := [][2]string{ // the first must end before the second starts
		{"sunrpc.ko", "lockd.ko"}, {"lockd.ko", "nfs.ko"}, {"sunrpc.ko", "nfs.ko"},
		{"md5.ko", "nfs.ko"}, {"nfs.ko", "nfsv3.ko"}, // softdeps pre and post
		{"failover.ko", "net_failover.ko"}, {"net_failover.ko", "virtio_net.ko"},
		{"ctr.ko", "ccm.ko"},
	}
	for _, b := range before {
		end, start := events.at("end "+b[0]), events.at("start "+b[1])
		if end < 0 || start < 0 || end > start {
			t.Errorf("%s started before %s ended: %q", b[1], b[0], events.events)
		}
	}
	if len(events.events) != 2*13 {
		t.Errorf("%d events, want 26 (13 modules): %q", len(events.events), events.events)
	}
	if events.most > 3 || events.most < 2 {
		t.Errorf("at most %d modules loading at once, want 2 or 3 (Jobs)", events.most)
	}
}

// TestIntegrationParallel measures Load of the closure of virtio_mmio,
// virtio_net, nfs, nfsv3 and mac80211_hwsim from $AIRROOT_MODULES_TREE
// with a fake Init that sleeps $AIRROOT_FAKE_INIT_MS (default 20) per
// module, for several Jobs.
func TestIntegrationParallel(t *testing.T) {
	dir := os.Getenv("AIRROOT_MODULES_TREE")
	if dir == "" {
		t.Skip("set AIRROOT_MODULES_TREE to a lib/modules/KVER directory")
	}
	sleep := 20 * time.Millisecond
	if ms, err := strconv.Atoi(os.Getenv("AIRROOT_FAKE_INIT_MS")); err == nil {
		sleep = time.Duration(ms) * time.Millisecond
	}
	ix, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"virtio_mmio", "virtio_net", "nfs", "nfsv3", "mac80211_hwsim"}
	var serial time.Duration
	for _, jobs := range []int{1, 2, 4, 8} {
		events := &eventLog{}
		var log strings.Builder
		l := &Loader{Dir: dir, Index: ix, Jobs: jobs, Init: events.init(sleep),
			Loaded: func() ([]string, error) { return nil, nil },
			Log:    func(format string, args ...any) { fmt.Fprintf(&log, format+"\n", args...) }}
		start := time.Now()
		if err := l.Load(names...); err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		if jobs == 1 {
			serial = took
			t.Logf("modules loaded:\n%s", log.String())
		}
		t.Logf("Jobs=%d: %d modules in %v (%.2fx), at most %d at once",
			jobs, len(events.events)/2, took.Round(time.Millisecond), float64(serial)/float64(took), events.most)
	}
}
