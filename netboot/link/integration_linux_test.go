package link

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// testNS is a fresh network namespace. The test goroutine's thread is locked
// into it and never unlocked, so it dies with the test; handle works on the
// namespace from any goroutine.
type testNS struct {
	t      *testing.T
	ns     netns.NsHandle
	handle *netlink.Handle
}

func newTestNS(t *testing.T) *testNS {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to create a network namespace")
	}
	runtime.LockOSThread()
	orig, err := netns.Get()
	if err != nil {
		t.Skipf("cannot read the network namespace: %v", err)
	}
	t.Cleanup(func() { netns.Set(orig); orig.Close() })
	ns, err := netns.New()
	if err != nil {
		t.Skipf("cannot create a network namespace: %v", err)
	}
	t.Cleanup(func() { ns.Close() })
	h, err := netlink.NewHandleAt(ns)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return &testNS{t: t, ns: ns, handle: h}
}

// veth adds a veth pair.
func (n *testNS) veth(name, peer string) {
	n.t.Helper()
	if err := n.addVeth(name, peer); err != nil {
		n.t.Skipf("cannot create a veth pair: %v", err)
	}
}

func (n *testNS) addVeth(name, peer string) error {
	return n.handle.LinkAdd(&netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: name}, PeerName: peer})
}

func (n *testNS) link(name string) netlink.Link {
	n.t.Helper()
	l, err := n.handle.LinkByName(name)
	if err != nil {
		n.t.Fatal(err)
	}
	return l
}

func (n *testNS) up(name string) {
	n.t.Helper()
	if err := n.setUp(name); err != nil {
		n.t.Fatal(err)
	}
}

// setUp is up for other goroutines than the test's.
func (n *testNS) setUp(name string) error {
	l, err := n.handle.LinkByName(name)
	if err != nil {
		return err
	}
	return n.handle.LinkSetUp(l)
}

func (n *testNS) isUp(name string) bool {
	return n.link(name).Attrs().RawFlags&unix.IFF_UP != 0
}

// trigger is an action run from another goroutine after a pause.
type trigger struct {
	started atomic.Bool
	done    chan error
}

// later runs f in another goroutine after a pause, noting when it starts, so
// that a test can tell that a wait ended because of f.
func later(f func() error) *trigger {
	tr := &trigger{done: make(chan error, 1)}
	go func() {
		time.Sleep(150 * time.Millisecond)
		tr.started.Store(true)
		tr.done <- f()
	}()
	return tr
}

// finished waits for the action and fails the test if it failed.
func (tr *trigger) finished(t *testing.T) {
	t.Helper()
	if err := <-tr.done; err != nil {
		t.Fatalf("triggering action: %v", err)
	}
}

func timeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestIntegrationLoopbackUp(t *testing.T) {
	n := newTestNS(t)
	if err := LoopbackUp(); err != nil {
		t.Fatalf("LoopbackUp: %v", err)
	}
	if !n.isUp("lo") {
		t.Errorf("lo is not up")
	}
	addrs, err := n.handle.AddrList(n.link("lo"), netlink.FAMILY_V4)
	if err != nil || len(addrs) != 1 || addrs[0].IPNet.String() != "127.0.0.1/8" {
		t.Errorf("lo addresses = %v, %v; want 127.0.0.1/8", addrs, err)
	}
	if err := Up("nosuch0"); err == nil || !strings.HasPrefix(err.Error(), "bring up nosuch0: ") {
		t.Errorf("Up(nosuch0) error = %v, want one naming the interface", err)
	}
}

func TestIntegrationWaitCarrier(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(n *testNS)
		trigger func(n *testNS) error // run while WaitCarrier waits; nil: carrier never comes
		wantErr string
	}{
		{
			name:    "peer comes up",
			setup:   func(n *testNS) { n.veth("a0", "b0"); n.up("a0") },
			trigger: func(n *testNS) error { return n.setUp("b0") },
		},
		{
			name:  "interface appears",
			setup: func(n *testNS) {},
			trigger: func(n *testNS) error {
				return errors.Join(n.addVeth("a0", "b0"), n.setUp("b0"), n.setUp("a0"))
			},
		},
		{
			name:    "peer stays down",
			setup:   func(n *testNS) { n.veth("a0", "b0"); n.up("a0") },
			wantErr: "wait for carrier on a0: no carrier: context deadline exceeded",
		},
		{
			name:    "interface down",
			setup:   func(n *testNS) { n.veth("a0", "b0"); n.up("b0") },
			wantErr: "wait for carrier on a0: down: context deadline exceeded",
		},
		{
			name:    "no interface",
			setup:   func(n *testNS) {},
			wantErr: "wait for carrier on a0: no such interface: context deadline exceeded",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := newTestNS(t)
			tt.setup(n)
			var tr *trigger
			if tt.trigger != nil {
				tr = later(func() error { return tt.trigger(n) })
			}

			wait := 2 * time.Second
			if tt.trigger == nil {
				wait = 400 * time.Millisecond
			}
			err := WaitCarrier(timeout(t, wait), "a0")

			if tr != nil {
				defer tr.finished(t)
			}

			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("WaitCarrier error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("WaitCarrier: %v", err)
			}
			if !tr.started.Load() {
				t.Errorf("WaitCarrier returned before carrier could come")
			}
		})
	}
}

func TestIntegrationFindEthernet(t *testing.T) {
	n := newTestNS(t)
	n.veth("e0", "e1")
	got, err := FindEthernet(timeout(t, 3*time.Second))
	if err != nil {
		t.Fatalf("FindEthernet: %v", err)
	}
	if got != "e0" && got != "e1" {
		t.Errorf("FindEthernet = %q, want e0 or e1", got)
	}
	if !n.isUp("e0") || !n.isUp("e1") {
		t.Errorf("FindEthernet did not bring up both ends")
	}
}

func TestIntegrationFindEthernetWaitsForInterfaces(t *testing.T) {
	n := newTestNS(t)
	appeared := later(func() error { return n.addVeth("late0", "late1") })
	got, err := FindEthernet(timeout(t, 3*time.Second))
	appeared.finished(t)
	if err != nil {
		t.Fatalf("FindEthernet: %v", err)
	}
	if !appeared.started.Load() || !strings.HasPrefix(got, "late") {
		t.Errorf("FindEthernet = %q, want the interface that appeared later", got)
	}
}

func TestIntegrationFindEthernetSkipsWireless(t *testing.T) {
	n := newTestNS(t)
	saved := sysfs
	t.Cleanup(func() { sysfs = saved })
	sysfs = fstest.MapFS{"class/net/w0/phy80211": {}}
	n.veth("w0", "w1") // w1's only peer is "wireless": it never gets carrier

	_, err := FindEthernet(timeout(t, 500*time.Millisecond))

	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("FindEthernet error = %v, want a deadline", err)
	}
	const want = "find Ethernet interface: none got carrier; interfaces: lo (loopback), w1 (no carrier), w0 (wireless): context deadline exceeded"
	if err.Error() != want {
		t.Errorf("FindEthernet error =\n%s\nwant\n%s", err, want)
	}
	if n.isUp("w0") {
		t.Errorf("FindEthernet brought up the wireless interface")
	}
}
