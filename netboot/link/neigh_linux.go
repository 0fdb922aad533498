package link

import (
	"fmt"
	"net"
	"net/netip"

	"github.com/mdlayher/netlink"
	"github.com/mdlayher/packet"
	"golang.org/x/sys/unix"
)

// Reresolve asks again, on the interface ifi (its name, index and hardware
// address: the Wi-Fi session knows them, no need to ask the kernel), for the hardware address of
// every neighbour the kernel is still resolving: after a lost Wi-Fi link
// comes back, an entry whose requests went out while the link was down waits
// a whole second (retrans_time) for its next request, and the packets queued
// on it (an NFS retransmission) with it; an answer to ours resolves it at
// once. It first announces the interface's address (RFC 5227 2.3), so that
// the link's switches and hosts hear where it is again. It returns the
// neighbours it asked for; an interface without an IPv4 address has none.
func Reresolve(ifi *net.Interface) ([]netip.Addr, error) {
	name := ifi.Name
	from, targets, err := toReresolve(ifi.Index)
	if err != nil || !from.IsValid() {
		return nil, err
	}
	conn, err := packet.Listen(ifi, packet.Datagram, unix.ETH_P_ARP, nil)
	if err != nil {
		return nil, fmt.Errorf("ARP on %s: %w", name, err)
	}
	// Closing a packet socket waits for an RCU grace period: not on the path.
	defer func() { go conn.Close() }()
	to := &packet.Addr{HardwareAddr: net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}
	for _, t := range append([]netip.Addr{from}, targets...) {
		if _, err := conn.WriteTo(ARPRequest(ifi.HardwareAddr, from, t), to); err != nil {
			return nil, fmt.Errorf("ARP request for %s on %s: %w", t, name, err)
		}
	}
	return targets, nil
}

// toReresolve is the interface index's IPv4 address (the zero Addr if none)
// and the neighbours still unresolved there.
func toReresolve(index int) (netip.Addr, []netip.Addr, error) {
	r, err := dialRoute()
	if err != nil {
		return netip.Addr{}, nil, err
	}
	defer r.Close()
	addrs, err := r.addrs(index)
	if err != nil || len(addrs) == 0 {
		return netip.Addr{}, nil, err
	}
	targets, err := r.unresolved(index)
	if err != nil {
		return netip.Addr{}, nil, fmt.Errorf("list the neighbours: %w", err)
	}
	return addrs[0].Addr(), targets, nil
}

// unresolved lists the interface index's IPv4 neighbours still unresolved.
func (r rtconn) unresolved(index int) ([]netip.Addr, error) {
	req := make([]byte, sizeofNdmsg)
	req[0] = afInet
	msgs, err := r.execute(unix.RTM_GETNEIGH, netlink.Dump, req)
	if err != nil {
		return nil, err
	}
	var out []netip.Addr
	for _, m := range msgs {
		if m.Header.Type != unix.RTM_NEWNEIGH {
			continue
		}
		if n, ok := parseNeigh(m.Data); ok && n.Index == index && n.unresolved() && !n.Addr.IsMulticast() {
			out = append(out, n.Addr)
		}
	}
	return out, nil
}
