package link

import (
	"encoding/binary"
	"net"
	"net/netip"

	"github.com/mdlayher/netlink"
)

// The neighbour table's states airroot reads (include/uapi/linux/neighbour.h).
const (
	nudIncomplete = 0x01 // resolving: requests sent, no answer yet
	nudFailed     = 0x20 // resolution gave up; the next packet starts it again
)

// The neighbour message's layout (struct ndmsg, 12 bytes) and attributes.
const (
	sizeofNdmsg = 12
	ndaDst      = 1
)

// neighbour is one IPv4 entry of the kernel's neighbour table (ARP cache).
type neighbour struct {
	Index int // the interface's
	Addr  netip.Addr
	State uint16
}

// unresolved reports whether the kernel still waits to learn the entry's
// hardware address: its queued packets go out only when it does.
func (n neighbour) unresolved() bool { return n.State&(nudIncomplete|nudFailed) != 0 }

// parseNeigh reads an RTM_NEWNEIGH message of a dump: struct ndmsg (family,
// padding, ifindex, state, flags, type), then NDA_DST among the attributes.
// ok is false for anything but a well-formed IPv4 entry.
func parseNeigh(data []byte) (neighbour, bool) {
	if len(data) < sizeofNdmsg || data[0] != afInet {
		return neighbour{}, false
	}
	n := neighbour{
		Index: int(int32(binary.NativeEndian.Uint32(data[4:]))),
		State: binary.NativeEndian.Uint16(data[8:]),
	}
	ad, err := netlink.NewAttributeDecoder(data[sizeofNdmsg:])
	if err != nil {
		return neighbour{}, false
	}
	for ad.Next() {
		if ad.Type() != ndaDst {
			continue
		}
		if a, ok := netip.AddrFromSlice(ad.Bytes()); ok && a.Is4() {
			n.Addr = a
		}
	}
	if ad.Err() != nil || !n.Addr.IsValid() {
		return neighbour{}, false
	}
	return n, true
}

// afInet is AF_INET, the same on every Linux architecture.
const afInet = 2

// ARPRequest is an ARP request for target from mine at from (RFC 826), the
// 28 bytes after the Ethernet header. With target equal to from it is an
// announcement (RFC 5227 2.3): it tells the link our address is ours here.
func ARPRequest(mine net.HardwareAddr, from, target netip.Addr) []byte {
	b := make([]byte, 28)
	binary.BigEndian.PutUint16(b[0:], 1)      // hardware: Ethernet
	binary.BigEndian.PutUint16(b[2:], 0x0800) // protocol: IPv4
	b[4], b[5] = 6, 4
	binary.BigEndian.PutUint16(b[6:], 1) // request
	copy(b[8:14], mine)
	f, t := from.As4(), target.As4()
	copy(b[14:18], f[:])
	// b[18:24], the target's hardware address, stays zero: that is the question.
	copy(b[24:28], t[:])
	return b
}
