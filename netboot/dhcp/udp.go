package dhcp

import (
	"encoding/binary"
	"net/netip"

	"golang.org/x/net/bpf"
)

// clientPortFilter keeps the IPv4 UDP datagrams for port 68 and drops the
// rest, in the kernel. It reads a packet from its IP header, as the DHCP
// sockets (packet.Datagram and raw IPv4) see it.
var clientPortFilter = mustAssemble([]bpf.Instruction{
	bpf.LoadAbsolute{Off: 9, Size: 1}, // IP protocol
	bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: protoUDP, SkipTrue: 4},
	bpf.LoadMemShift{Off: 0},          // X = IP header length
	bpf.LoadIndirect{Off: 2, Size: 2}, // UDP destination port
	bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: clientPort, SkipTrue: 1},
	bpf.RetConstant{Val: 0xffff}, // keep
	bpf.RetConstant{Val: 0},      // drop
})

func mustAssemble(prog []bpf.Instruction) []bpf.RawInstruction {
	raw, err := bpf.Assemble(prog)
	if err != nil {
		panic("assemble BPF filter: " + err.Error())
	}
	return raw
}

const (
	ipv4HeaderMin = 20
	ipv4HeaderMax = 60
	udpHeaderLen  = 8
	protoUDP      = 17
)

// parseUDP reads an IPv4 packet holding a UDP datagram for port and returns
// its source and payload; ok is false for anything else, fragments included.
func parseUDP(pkt []byte, port uint16) (from netip.AddrPort, payload []byte, ok bool) {
	if len(pkt) < ipv4HeaderMin || pkt[0]>>4 != 4 || pkt[9] != protoUDP {
		return from, nil, false
	}
	ihl := int(pkt[0]&0x0f) * 4
	total := int(binary.BigEndian.Uint16(pkt[2:4]))
	fragment := binary.BigEndian.Uint16(pkt[6:8])&0x3fff != 0 // MF set or an offset
	if ihl < ipv4HeaderMin || total < ihl+udpHeaderLen || total > len(pkt) || fragment {
		return from, nil, false
	}
	udp := pkt[ihl:total]
	length := int(binary.BigEndian.Uint16(udp[4:6]))
	if binary.BigEndian.Uint16(udp[2:4]) != port || length < udpHeaderLen || length > len(udp) {
		return from, nil, false
	}
	src := netip.AddrFrom4([4]byte(pkt[12:16]))
	return netip.AddrPortFrom(src, binary.BigEndian.Uint16(udp[0:2])), udp[udpHeaderLen:length], true
}

// udpDatagram is a UDP header and payload from src to dst, with the checksum
// over the IPv4 pseudo-header (RFC 768): what a raw IPv4 socket sends for
// the kernel to put an IP header on.
func udpDatagram(src, dst netip.AddrPort, payload []byte) []byte {
	d := make([]byte, udpHeaderLen+len(payload))
	binary.BigEndian.PutUint16(d[0:2], src.Port())
	binary.BigEndian.PutUint16(d[2:4], dst.Port())
	binary.BigEndian.PutUint16(d[4:6], uint16(len(d)))
	copy(d[udpHeaderLen:], payload)
	sum := udpChecksum(src.Addr(), dst.Addr(), d)
	binary.BigEndian.PutUint16(d[6:8], sum)
	return d
}

// udpChecksum is the ones' complement sum of the pseudo-header and the
// datagram (checksum field zero); a result of zero is sent as 0xffff, zero
// meaning "no checksum".
func udpChecksum(src, dst netip.Addr, d []byte) uint16 {
	s, t := src.As4(), dst.As4()
	pseudo := append(append(s[:], t[:]...), 0, protoUDP, byte(len(d)>>8), byte(len(d)))
	var sum uint32
	for _, b := range [][]byte{pseudo, d} {
		for i := 0; i+1 < len(b); i += 2 {
			sum += uint32(b[i])<<8 | uint32(b[i+1])
		}
		if len(b)%2 == 1 {
			sum += uint32(b[len(b)-1]) << 8
		}
	}
	for sum > 0xffff {
		sum = sum&0xffff + sum>>16
	}
	if c := ^uint16(sum); c != 0 {
		return c
	}
	return 0xffff
}
