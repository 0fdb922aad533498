package dhcp

import (
	"context"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
)

// scaledClock is the system clock with every wait divided by 20, so that
// Acquire's 10 s pause after a DECLINE takes half a second.
type scaledClock struct{ systemClock }

func (scaledClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d/20, f).Stop
}

// addNeighbour puts a third namespace on the server's link, a macvlan of
// dhs0 holding addr: a host the DHCP server does not know about.
func (v *veth) addNeighbour(addr netip.Prefix) {
	v.t.Helper()
	v.enter(v.sv)
	mv := &netlink.Macvlan{LinkAttrs: netlink.LinkAttrs{Name: "dhx0", ParentIndex: v.link("dhs0").Attrs().Index},
		Mode: netlink.MACVLAN_MODE_BRIDGE}
	v.must(netlink.LinkAdd(mv))
	third, err := netns.New() // enters it
	v.must(err)
	v.t.Cleanup(func() { third.Close() })
	v.enter(v.sv)
	v.must(netlink.LinkSetNsFd(v.link("dhx0"), int(third)))
	v.enter(third)
	v.must(netlink.AddrAdd(v.link("dhx0"), &netlink.Addr{IPNet: prefixNet(addr)}))
	v.must(netlink.LinkSetUp(v.link("dhx0")))
	v.enter(v.client)
}

func TestIntegrationAddressInUseDeclined(t *testing.T) {
	v := newVeth(t)
	srv := newFakeServer()
	v.serve(srv)
	v.addNeighbour(netip.PrefixFrom(poolAddr, 24))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()

	c, err := New("dhc0", WithBackoff(quickBackoff), WithClock(scaledClock{}))
	v.must(err)
	lease, err := c.Acquire(ctx)
	if err == nil {
		t.Fatalf("Acquire took %s, which another host answers ARP for", lease.Address)
	}
	got := srv.received()
	want := []string{"DISCOVER", "REQUEST", "DECLINE", "DISCOVER"}
	if len(got) < len(want) || !cmp.Equal(want, got[:len(want)]) {
		t.Errorf("server received %v, want it to start with %v", got, want)
	}
}

func TestIntegrationRenewWhilePort68IsHeld(t *testing.T) {
	v := newVeth(t)
	v.serve(newFakeServer())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := New("dhc0", WithBackoff(quickBackoff))
	v.must(err)
	lease, err := c.Acquire(ctx)
	if err != nil {
		t.Fatalf("Acquire: %v", err)
	}
	v.must(netlink.AddrAdd(v.link("dhc0"), &netlink.Addr{IPNet: prefixNet(lease.Address)}))

	// Another DHCP client in the new root, without SO_REUSEADDR.
	other, err := net.ListenUDP("udp4", &net.UDPAddr{Port: clientPort})
	v.must(err)
	defer other.Close()

	for _, step := range []string{"renew", "renew again"} {
		if _, err := c.Renew(ctx, lease); err != nil {
			t.Fatalf("%s with port 68 held: %v", step, err)
		}
	}
	if err := c.Release(lease); err != nil {
		t.Errorf("Release with port 68 held: %v", err)
	}
}
