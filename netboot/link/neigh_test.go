package link

import (
	"bytes"
	"encoding/binary"
	"net"
	"net/netip"
	"testing"

	"github.com/mdlayher/netlink"
)

// ndmsg is an RTM_NEWNEIGH message's data: struct ndmsg, then attrs.
func ndmsg(t *testing.T, family byte, index int32, state uint16, attrs []netlink.Attribute) []byte {
	t.Helper()
	b := make([]byte, sizeofNdmsg)
	b[0] = family
	binary.NativeEndian.PutUint32(b[4:], uint32(index))
	binary.NativeEndian.PutUint16(b[8:], state)
	a, err := netlink.MarshalAttributes(attrs)
	if err != nil {
		t.Fatal(err)
	}
	return append(b, a...)
}

func TestParseNeigh(t *testing.T) {
	gw := []netlink.Attribute{{Type: ndaDst, Data: []byte{10, 0, 2, 2}}, {Type: 2, Data: []byte{0x52, 0x55, 10, 0, 2, 2}}}
	tests := []struct {
		name           string
		data           []byte
		want           neighbour
		ok, unresolved bool
	}{
		{"an entry being resolved", ndmsg(t, afInet, 3, nudIncomplete, gw[:1]), neighbour{3, netip.MustParseAddr("10.0.2.2"), nudIncomplete}, true, true},
		{"a failed entry", ndmsg(t, afInet, 3, nudFailed, gw[:1]), neighbour{3, netip.MustParseAddr("10.0.2.2"), nudFailed}, true, true},
		{"a reachable entry", ndmsg(t, afInet, 3, 0x02, gw), neighbour{3, netip.MustParseAddr("10.0.2.2"), 0x02}, true, false},
		{"a stale entry", ndmsg(t, afInet, 3, 0x04, gw), neighbour{3, netip.MustParseAddr("10.0.2.2"), 0x04}, true, false},
		{"IPv6", ndmsg(t, 10, 3, nudIncomplete, []netlink.Attribute{{Type: ndaDst, Data: net.ParseIP("fe80::1")}}), neighbour{}, false, false},
		{"no destination", ndmsg(t, afInet, 3, nudIncomplete, nil), neighbour{}, false, false},
		{"a destination of 16 bytes", ndmsg(t, afInet, 3, nudIncomplete, []netlink.Attribute{{Type: ndaDst, Data: net.ParseIP("fe80::1")}}), neighbour{}, false, false},
		{"short", []byte{afInet, 0, 0}, neighbour{}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseNeigh(tt.data)
			if ok != tt.ok || got != tt.want {
				t.Errorf("parseNeigh = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
			if ok && got.unresolved() != tt.unresolved {
				t.Errorf("unresolved() = %v, want %v", got.unresolved(), tt.unresolved)
			}
		})
	}
}

func FuzzParseNeigh(f *testing.F) {
	b := make([]byte, sizeofNdmsg)
	b[0] = afInet
	a, _ := netlink.MarshalAttributes([]netlink.Attribute{{Type: ndaDst, Data: []byte{10, 0, 2, 2}}})
	f.Add(append(b, a...))
	f.Add([]byte{afInet})
	f.Fuzz(func(t *testing.T, data []byte) {
		if n, ok := parseNeigh(data); ok && (!n.Addr.Is4() || !n.Addr.IsValid()) {
			t.Errorf("parseNeigh(%x) = %+v: want an IPv4 address when ok", data, n)
		}
	})
}

func TestARPRequest(t *testing.T) {
	mine := net.HardwareAddr{0x02, 0, 0, 0, 0, 0x01}
	from, gw := netip.MustParseAddr("10.0.2.15"), netip.MustParseAddr("10.0.2.2")
	want := []byte{
		0, 1, 8, 0, 6, 4, 0, 1, // Ethernet, IPv4, request
		0x02, 0, 0, 0, 0, 0x01, 10, 0, 2, 15, // sender
		0, 0, 0, 0, 0, 0, 10, 0, 2, 2, // target: hardware address unknown
	}
	if got := ARPRequest(mine, from, gw); !bytes.Equal(got, want) {
		t.Errorf("arpRequest =\n%x\nwant\n%x", got, want)
	}
	announce := ARPRequest(mine, from, from)
	if !bytes.Equal(announce[14:18], announce[24:28]) || !bytes.Equal(announce[18:24], make([]byte, 6)) {
		t.Errorf("announcement %x: want sender and target address both 10.0.2.15, target hardware address zero", announce)
	}
}
