package dhcp

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"testing"

	"golang.org/x/net/bpf"
)

// ipv4Packet puts a 20-byte IPv4 header (protocol proto) before payload.
func ipv4Packet(proto byte, src, dst string, payload []byte) []byte {
	h := make([]byte, ipv4HeaderMin, ipv4HeaderMin+len(payload))
	h[0], h[8], h[9] = 0x45, 64, proto
	binary.BigEndian.PutUint16(h[2:4], uint16(ipv4HeaderMin+len(payload)))
	s, d := netip.MustParseAddr(src).As4(), netip.MustParseAddr(dst).As4()
	copy(h[12:16], s[:])
	copy(h[16:20], d[:])
	return append(h, payload...)
}

func udpPacket(srcPort, dstPort uint16, payload string) []byte {
	src := netip.AddrPortFrom(serverAddr, srcPort)
	dst := netip.AddrPortFrom(poolAddr, dstPort)
	return ipv4Packet(protoUDP, src.Addr().String(), dst.Addr().String(), udpDatagram(src, dst, []byte(payload)))
}

func TestParseUDP(t *testing.T) {
	fragment := udpPacket(67, 68, "dhcp")
	fragment[6] = 0x20 // more fragments
	tests := []struct {
		name    string
		pkt     []byte
		ok      bool
		payload string
	}{
		{name: "for port 68", pkt: udpPacket(67, 68, "dhcp"), ok: true, payload: "dhcp"},
		{name: "trailing padding ignored", pkt: append(udpPacket(67, 68, "dhcp"), 0, 0), ok: true, payload: "dhcp"},
		{name: "another port", pkt: udpPacket(2049, 800, "nfs")},
		{name: "not UDP", pkt: ipv4Packet(6, "192.0.2.1", "192.0.2.50", make([]byte, 20))},
		{name: "a fragment", pkt: fragment},
		{name: "truncated", pkt: udpPacket(67, 68, "dhcp")[:25]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, payload, ok := parseUDP(tt.pkt, clientPort)
			if ok != tt.ok || string(payload) != tt.payload {
				t.Fatalf("parseUDP = %q, %v; want %q, %v", payload, ok, tt.payload, tt.ok)
			}
			if ok && from != netip.AddrPortFrom(serverAddr, 67) {
				t.Errorf("from %s, want %s:67", from, serverAddr)
			}
		})
	}
}

// TestUDPChecksum verifies the checksum as a receiver does (RFC 768, RFC
// 1071): the sum over pseudo-header and datagram, checksum included, is
// 0xffff. "hello" has an odd length, the case that pads.
func TestUDPChecksum(t *testing.T) {
	d := udpDatagram(netip.MustParseAddrPort("10.0.0.1:68"), netip.MustParseAddrPort("10.0.0.2:67"), []byte("hello"))
	var sum uint32
	s := netip.MustParseAddr("10.0.0.1").As4()
	dst := netip.MustParseAddr("10.0.0.2").As4()
	all := append(append(append(s[:], dst[:]...), 0, protoUDP, 0, byte(len(d))), d...)
	all = append(all, 0)
	for i := 0; i+1 < len(all); i += 2 {
		sum += uint32(all[i])<<8 | uint32(all[i+1])
	}
	for sum > 0xffff {
		sum = sum&0xffff + sum>>16
	}
	if sum != 0xffff {
		t.Errorf("checksum %#04x does not verify: sum %#04x", binary.BigEndian.Uint16(d[6:8]), sum)
	}
}

// filterCases are what the client port filter must keep and drop, in both
// its classic and its eBPF form.
var filterCases = []struct {
	name string
	pkt  []byte
	keep bool
}{
	{name: "DHCP reply", pkt: udpPacket(67, 68, "dhcp"), keep: true},
	{name: "DHCP reply, IP options", pkt: withIPOptions(udpPacket(67, 68, "dhcp")), keep: true},
	{name: "NFS over UDP", pkt: udpPacket(2049, 900, "nfs")},
	{name: "TCP", pkt: ipv4Packet(6, "192.0.2.1", "192.0.2.50", bytes.Repeat([]byte{0, 68}, 10))},
	{name: "truncated", pkt: udpPacket(67, 68, "dhcp")[:21]},
}

// withIPOptions gives pkt's IPv4 header four bytes of options (NOPs), so the
// UDP header starts at 24.
func withIPOptions(pkt []byte) []byte {
	out := append(append(append([]byte{}, pkt[:ipv4HeaderMin]...), 1, 1, 1, 1), pkt[ipv4HeaderMin:]...)
	out[0] = 0x46
	binary.BigEndian.PutUint16(out[2:4], uint16(len(out)))
	return out
}

func TestClientPortFilter(t *testing.T) {
	vm, err := bpf.NewVM(disassemble(t, clientPortFilter))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range filterCases {
		t.Run(tt.name, func(t *testing.T) {
			n, err := vm.Run(tt.pkt)
			if err != nil {
				t.Fatal(err)
			}
			if (n > 0) != tt.keep {
				t.Errorf("filter kept %d bytes, want keep=%v", n, tt.keep)
			}
		})
	}
}

func disassemble(t *testing.T, raw []bpf.RawInstruction) []bpf.Instruction {
	t.Helper()
	prog, ok := bpf.Disassemble(raw)
	if !ok {
		t.Fatal("filter does not disassemble")
	}
	return prog
}

func FuzzParseUDP(f *testing.F) {
	f.Add(udpPacket(67, 68, "dhcp"))
	f.Add(udpPacket(2049, 800, "nfs"))
	f.Fuzz(func(t *testing.T, pkt []byte) {
		from, payload, ok := parseUDP(pkt, clientPort)
		if !ok {
			return
		}
		if !from.Addr().Is4() || len(payload) > len(pkt)-ipv4HeaderMin-udpHeaderLen {
			t.Errorf("parseUDP(%x) = %s, %d bytes: not a datagram inside the packet", pkt, from, len(payload))
		}
	})
}
