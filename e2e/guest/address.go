package main

import (
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
)

// checkAddress verifies that the board holds the address exp.NamedBy gave it: the
// one the DHCP server pinned to its MAC (dnsmasq's dhcp-host=), not just any
// address of the range, or ip='s static one.
func checkAddress(sys system, exp guestproto.Expect) guestproto.Check {
	held, err := sys.addrs()
	if err != nil {
		return newCheck("address", fmt.Errorf("list the interfaces' addresses: %w", err), "")
	}
	var v4 []string
	for _, p := range held {
		if p.Addr().Is4() && !p.Addr().IsLoopback() {
			v4 = append(v4, p.String())
		}
		if p.Addr().String() == exp.Address {
			return newCheck("address", nil, fmt.Sprintf("holds %s, given by %s", p, exp.NamedBy))
		}
	}
	return newCheck("address", fmt.Errorf("holds %s, want %s, given by %s", strings.Join(v4, ", "), exp.Address, exp.NamedBy), "")
}

// interfaceAddrs lists the addresses of every interface.
func interfaceAddrs() ([]netip.Prefix, error) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil, err
	}
	var out []netip.Prefix
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if ip, ok := netip.AddrFromSlice(n.IP); ok {
				bits, _ := n.Mask.Size()
				out = append(out, netip.PrefixFrom(ip.Unmap(), bits))
			}
		}
	}
	return out, nil
}
