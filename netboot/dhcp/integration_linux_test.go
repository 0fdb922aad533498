package dhcp

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/airroot/airroot/internal/backoff"
	"github.com/google/go-cmp/cmp"
	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/dhcpv4/server4"
	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
)

// veth is a link between two fresh network namespaces: the client's end
// "dhc0" (no address) and the server's end "dhs0" (192.0.2.1/24).
type veth struct {
	t                *testing.T
	orig, client, sv netns.NsHandle
}

// newVeth builds the namespaces and leaves the calling goroutine's thread,
// which it locks, in the client's namespace. The thread is never unlocked,
// so it dies with the test rather than serving others from a test namespace.
func newVeth(t *testing.T) *veth {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to create network namespaces")
	}
	runtime.LockOSThread()
	v := &veth{t: t}
	var err error
	if v.orig, err = netns.Get(); err != nil {
		t.Skipf("cannot read the network namespace: %v", err)
	}
	t.Cleanup(func() { netns.Set(v.orig); v.orig.Close() })
	if v.sv, err = netns.New(); err != nil {
		t.Skipf("cannot create a network namespace: %v", err)
	}
	t.Cleanup(func() { v.sv.Close() })
	if v.client, err = netns.New(); err != nil {
		t.Skipf("cannot create a network namespace: %v", err)
	}
	t.Cleanup(func() { v.client.Close() })

	link := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: "dhc0"}, PeerName: "dhs0", PeerNamespace: netlink.NsFd(v.sv)}
	if err := netlink.LinkAdd(link); err != nil {
		t.Skipf("cannot create a veth pair: %v", err)
	}
	v.must(netlink.LinkSetUp(v.link("dhc0")))
	v.enter(v.sv)
	v.must(netlink.AddrAdd(v.link("dhs0"), &netlink.Addr{IPNet: prefixNet(netip.MustParsePrefix("192.0.2.1/24"))}))
	v.must(netlink.LinkSetUp(v.link("dhs0")))
	v.enter(v.client)
	return v
}

func (v *veth) enter(ns netns.NsHandle) {
	v.t.Helper()
	v.must(netns.Set(ns))
}

func (v *veth) link(name string) netlink.Link {
	v.t.Helper()
	l, err := netlink.LinkByName(name)
	v.must(err)
	return l
}

func (v *veth) must(err error) {
	v.t.Helper()
	if err != nil {
		v.t.Fatal(err)
	}
}

// serve runs srv on the server's end until the test ends.
func (v *veth) serve(srv *fakeServer) {
	v.t.Helper()
	v.enter(v.sv)
	defer v.enter(v.client)
	conn, err := server4.NewIPv4UDPConn("dhs0", &net.UDPAddr{Port: serverPort})
	v.must(err)
	handler := func(conn net.PacketConn, peer net.Addr, m *dhcpv4.DHCPv4) {
		if reply := srv.reply(m); reply != nil {
			conn.WriteTo(reply.ToBytes(), peer)
		}
	}
	s, err := server4.NewServer("", nil, handler, server4.WithConn(conn))
	v.must(err)
	go s.Serve()
	v.t.Cleanup(func() { s.Close() })
}

func prefixNet(p netip.Prefix) *net.IPNet {
	return &net.IPNet{IP: ip(p.Addr()), Mask: net.CIDRMask(p.Bits(), 32)}
}

var quickBackoff = backoff.Backoff{Initial: 300 * time.Millisecond, Max: time.Second}

func TestIntegrationLeaseLifecycle(t *testing.T) {
	v := newVeth(t)
	srv := newFakeServer()
	srv.ignore[dhcpv4.MessageTypeDiscover] = 1 // the first DISCOVER is lost, as on fresh Wi-Fi
	v.serve(srv)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	c, err := New("dhc0", WithBackoff(quickBackoff), WithHostname("pi"))
	v.must(err)
	defer c.Close()

	lease, err := c.Acquire(ctx)
	if err != nil {
		t.Fatalf("Acquire: %v", err)
	}
	want := &Lease{
		Interface:  "dhc0",
		Address:    netip.MustParsePrefix("192.0.2.50/24"),
		Router:     netip.MustParseAddr("192.0.2.254"),
		DNS:        addrs("192.0.2.53", "198.51.100.53"),
		Domain:     "lan.example",
		ServerID:   serverAddr,
		NextServer: serverAddr,
		RootPath:   "/srv/nfs/pi",
		Duration:   time.Hour,
		T1:         30 * time.Minute,
		T2:         52*time.Minute + 30*time.Second,
	}
	leaseOnly := append(leaseCmp, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Acquired" }, cmp.Ignore()))
	if diff := cmp.Diff(want, lease, leaseOnly); diff != "" {
		t.Errorf("acquired lease (-want +got):\n%s", diff)
	}

	v.must(netlink.AddrAdd(v.link("dhc0"), &netlink.Addr{IPNet: prefixNet(lease.Address)}))
	steps := []struct {
		name string
		do   func() (*Lease, error)
	}{
		{"renew", func() (*Lease, error) { return c.Renew(ctx, lease) }},
		{"rebind", func() (*Lease, error) { return c.Rebind(ctx, lease) }},
		{"acquire again", func() (*Lease, error) { return c.Reacquire(ctx, lease.Address.Addr()) }},
	}
	for _, s := range steps {
		got, err := s.do()
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if diff := cmp.Diff(want, got, leaseOnly); diff != "" {
			t.Errorf("%s: lease (-want +got):\n%s", s.name, diff)
		}
	}
	if err := c.Release(lease); err != nil {
		t.Errorf("Release: %v", err)
	}
}

func TestIntegrationNoServer(t *testing.T) {
	v := newVeth(t)
	srv := newFakeServer()
	srv.ignore[dhcpv4.MessageTypeDiscover] = -1
	v.serve(srv)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()

	c, err := New("dhc0", WithBackoff(quickBackoff))
	v.must(err)
	_, err = c.Acquire(ctx)
	var noReply *NoReplyError
	if !errors.As(err, &noReply) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Acquire error = %v, want a *NoReplyError for the deadline", err)
	}
	if noReply.Want != "offer" || noReply.Interface != "dhc0" || noReply.Attempts < 2 {
		t.Errorf("Acquire error = %q, want no offer on dhc0 after several attempts", err)
	}
}

// serveWith runs handler on the server's end until the test ends; the
// handler writes its own replies, where it likes.
func (v *veth) serveWith(handler func(conn net.PacketConn, peer net.Addr, m *dhcpv4.DHCPv4)) {
	v.t.Helper()
	v.enter(v.sv)
	defer v.enter(v.client)
	conn, err := server4.NewIPv4UDPConn("dhs0", &net.UDPAddr{Port: serverPort})
	v.must(err)
	s, err := server4.NewServer("", nil, handler, server4.WithConn(conn))
	v.must(err)
	go s.Serve()
	v.t.Cleanup(func() { s.Close() })
}

// TestIntegrationRenewBroadcastReplies: a server on the client's subnet
// broadcasts its NAK to a unicast RENEWING REQUEST (RFC 2131 4.1; dnsmasq
// and ISC dhcpd do), and some broadcast their ACK: Renew hears both, and
// its REQUEST comes from the leased address.
func TestIntegrationRenewBroadcastReplies(t *testing.T) {
	broadcast := &net.UDPAddr{IP: net.IPv4bcast, Port: clientPort}
	for _, refuse := range []bool{false, true} {
		t.Run(map[bool]string{false: "ACK", true: "NAK"}[refuse], func(t *testing.T) {
			v := newVeth(t)
			srv := newFakeServer()
			if refuse {
				srv.refuse = 1000
			}
			peers := make(chan string, 16)
			v.serveWith(func(conn net.PacketConn, peer net.Addr, m *dhcpv4.DHCPv4) {
				peers <- peer.String()
				if reply := srv.reply(m); reply != nil {
					reply.ClientIPAddr = net.IPv4zero
					reply.Flags |= 0x8000
					conn.WriteTo(reply.ToBytes(), broadcast)
				}
			})
			leased := netip.MustParsePrefix("192.0.2.50/24")
			v.must(netlink.AddrAdd(v.link("dhc0"), &netlink.Addr{IPNet: prefixNet(leased)}))
			c, err := New("dhc0", WithBackoff(quickBackoff))
			v.must(err)
			defer c.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			l := &Lease{Interface: "dhc0", Address: leased, ServerID: serverAddr, Duration: time.Hour, Acquired: time.Now()}
			got, err := c.Renew(ctx, l)
			switch {
			case refuse && !errors.Is(err, ErrNAK):
				t.Errorf("Renew = %v, want the broadcast NAK heard (ErrNAK)", err)
			case !refuse && (err != nil || got.Address != leased):
				t.Errorf("Renew = %+v, %v; want the lease of %v from the broadcast ACK", got, err, leased)
			}
			if from := <-peers; from != "192.0.2.50:68" {
				t.Errorf("the REQUEST came from %s, want the leased address 192.0.2.50:68", from)
			}
		})
	}
}
