package link

import (
	"net"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/mdlayher/packet"
	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// TestIntegrationReresolve leaves a neighbour unresolved (nothing answers on
// the veth's other end) and checks that Reresolve finds it and sends the
// announcement and the request where the other end hears them.
func TestIntegrationReresolve(t *testing.T) {
	n := newTestNS(t)
	n.veth("rr0", "rr1")
	n.up("rr0")
	n.up("rr1")
	ifi, err := net.InterfaceByName("rr0")
	if err != nil {
		t.Fatal(err)
	}
	if asked, err := Reresolve(ifi); err != nil || asked != nil {
		t.Fatalf("Reresolve without an address = %v, %v; want nothing asked, no error", asked, err)
	}
	addr, err := netlink.ParseAddr("192.0.2.1/24")
	if err != nil {
		t.Fatal(err)
	}
	if err := n.handle.AddrAdd(n.link("rr0"), addr); err != nil {
		t.Fatal(err)
	}
	peer, err := net.InterfaceByName("rr1")
	if err != nil {
		t.Fatal(err)
	}
	heard, err := packet.Listen(peer, packet.Datagram, unix.ETH_P_ARP, nil)
	if err != nil {
		t.Skipf("no packet socket: %v", err)
	}
	defer heard.Close()
	// A packet to an address nobody holds leaves its entry being resolved.
	c, err := net.DialUDP("udp4", nil, &net.UDPAddr{IP: net.IPv4(192, 0, 2, 9), Port: 9})
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("x"))
	c.Close()

	asked, err := Reresolve(ifi)
	if err != nil {
		t.Fatalf("Reresolve: %v", err)
	}
	if want := []netip.Addr{netip.MustParseAddr("192.0.2.9")}; !slices.Equal(asked, want) {
		t.Errorf("Reresolve asked for %v, want %v", asked, want)
	}
	// Within half a second (the kernel asks again only after a second): the
	// kernel's own request for .9, then ours: the announcement of .1 and
	// the request for .9, each from .1.
	count := map[string]int{}
	buf := make([]byte, 64)
	heard.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	for {
		m, _, err := heard.ReadFrom(buf)
		if err != nil {
			break
		}
		if m >= 28 && buf[7] == 1 && netip.AddrFrom4([4]byte(buf[14:18])) == netip.MustParseAddr("192.0.2.1") {
			count[netip.AddrFrom4([4]byte(buf[24:28])).String()]++
		}
	}
	if count["192.0.2.1"] != 1 || count["192.0.2.9"] != 2 {
		t.Errorf("the other end heard requests %v, want 1 announcing 192.0.2.1 and 2 for 192.0.2.9 (the kernel's, ours)", count)
	}
}
