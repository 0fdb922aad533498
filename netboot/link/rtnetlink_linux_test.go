package link

import (
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

func TestBroadcast(t *testing.T) {
	tests := []struct{ prefix, want string }{
		{"10.9.0.5/24", "10.9.0.255"},
		{"192.168.7.130/25", "192.168.7.255"},
		{"172.16.0.1/12", "172.31.255.255"},
		{"10.0.0.1/30", "10.0.0.3"},
		{"10.0.0.1/0", "255.255.255.255"},
	}
	for _, tt := range tests {
		if got := netip.AddrFrom4(broadcast(netip.MustParsePrefix(tt.prefix))); got.String() != tt.want {
			t.Errorf("broadcast(%s) = %s, want %s", tt.prefix, got, tt.want)
		}
	}
}

// TestAddrMessageRoundTrip checks that an address request reads back as the
// prefix it was made from, and carries a broadcast address only below /31.
func TestAddrMessageRoundTrip(t *testing.T) {
	for _, s := range []string{"10.9.0.5/24", "10.9.1.7/31", "10.9.1.7/32"} {
		p := netip.MustParsePrefix(s)
		msg, err := ifAddrMsg(7, p)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := parseAddr(msg)
		if !ok || got != p {
			t.Errorf("parseAddr(ifAddrMsg(%s)) = %s, %v", s, got, ok)
		}
		ad, err := netlink.NewAttributeDecoder(msg[unix.SizeofIfAddrmsg:])
		if err != nil {
			t.Fatal(err)
		}
		hasBroadcast := false
		for ad.Next() {
			hasBroadcast = hasBroadcast || ad.Type() == unix.IFA_BROADCAST
		}
		if hasBroadcast != (p.Bits() < 31) {
			t.Errorf("%s: IFA_BROADCAST present %v, want %v", s, hasBroadcast, p.Bits() < 31)
		}
	}
}

func TestParseLink(t *testing.T) {
	ae := netlink.NewAttributeEncoder()
	ae.String(unix.IFLA_IFNAME, "eth0")
	ae.Uint32(unix.IFLA_MTU, 1500)
	attrs, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	data := ifInfoMsg(3, iffUp|iffLowerUp, 0)
	binary.NativeEndian.PutUint16(data[2:], arphrdEther)
	data = append(data, attrs...)
	u, err := parseLink(netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK}, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	want := linkUpdate{Type: unix.RTM_NEWLINK, Iface: iface{Name: "eth0", Index: 3, Type: arphrdEther, Flags: iffUp | iffLowerUp}}
	if diff := cmp.Diff(want, u); diff != "" {
		t.Errorf("parseLink (-want +got):\n%s", diff)
	}
	if _, err := parseLink(netlink.Message{Data: data[:8]}); err == nil {
		t.Error("parseLink of a short ifinfomsg: want an error")
	}
}

// TestRouteMessageRoundTrip: a route request reads back as the destination
// and interface it was made for, and only DHCP's main-table IPv4 routes read.
func TestRouteMessageRoundTrip(t *testing.T) {
	for _, r := range []Route{
		{Dest: netip.MustParsePrefix("0.0.0.0/0"), Via: netip.MustParseAddr("10.9.0.1")},
		{Dest: netip.MustParsePrefix("192.168.50.0/24"), Via: netip.MustParseAddr("10.9.0.254")},
		{Dest: netip.MustParsePrefix("10.20.0.0/16")},
	} {
		dest, oif, ok := parseRoute(routeMsg(7, r, false))
		if !ok || dest != r.Dest || oif != 7 {
			t.Errorf("parseRoute(routeMsg(%s)) = %s on %d, %v", r, dest, oif, ok)
		}
	}
	kernel := routeMsg(7, Route{Dest: netip.MustParsePrefix("10.9.0.0/24")}, false)
	kernel[5] = unix.RTPROT_KERNEL
	if _, _, ok := parseRoute(kernel); ok {
		t.Error("parseRoute read the kernel's prefix route as DHCP's")
	}
}

// FuzzParseRtnetlink feeds arbitrary bytes as RTM_NEWLINK, RTM_NEWADDR and
// RTM_NEWROUTE payloads: no panic, and an address or route read is a valid
// prefix.
func FuzzParseRtnetlink(f *testing.F) {
	msg, _ := ifAddrMsg(2, netip.MustParsePrefix("10.0.0.2/24"))
	f.Add(msg)
	f.Add(ifInfoMsg(1, iffUp, iffUp))
	f.Add(routeMsg(2, Route{Dest: netip.MustParsePrefix("192.168.50.0/24"), Via: netip.MustParseAddr("10.0.0.1")}, true))
	f.Fuzz(func(t *testing.T, data []byte) {
		parseLink(netlink.Message{Data: data})
		if dest, _, ok := parseRoute(data); ok && (!dest.IsValid() || !dest.Addr().Is4()) {
			t.Errorf("parseRoute(%x) = %s, ok", data, dest)
		}
		if len(data) < unix.SizeofIfAddrmsg {
			return
		}
		if p, ok := parseAddr(data); ok && (!p.IsValid() || p.Bits() > p.Addr().BitLen()) {
			t.Errorf("parseAddr(%x) = %s, ok", data, p)
		}
	})
}
