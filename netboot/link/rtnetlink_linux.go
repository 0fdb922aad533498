package link

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// The rtnetlink requests airroot makes (rtnetlink(7)), encoded here over
// mdlayher/netlink, which /init already carries for nl80211: a general
// rtnetlink library brings every link kind and route attribute with it.

// indexOf returns the index of the interface name.
func indexOf(name string) (int, error) {
	i, err := net.InterfaceByName(name)
	if err != nil {
		return 0, err
	}
	return i.Index, nil
}

// rtconn is one rtnetlink socket, on which a caller makes its requests in
// turn (Configure's four or more), rather than a socket each.
type rtconn struct{ c *netlink.Conn }

// dialRoute opens an rtnetlink socket in the calling thread's namespace.
func dialRoute() (rtconn, error) {
	c, err := netlink.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		return rtconn{}, fmt.Errorf("open rtnetlink: %w", err)
	}
	return rtconn{c}, nil
}

func (r rtconn) Close() error { return r.c.Close() }

// execute sends one request and waits for the kernel's acknowledgement or
// answer; an NLMSG_ERROR comes back as an error wrapping its errno.
func (r rtconn) execute(typ netlink.HeaderType, flags netlink.HeaderFlags, data []byte) ([]netlink.Message, error) {
	req := netlink.Message{Header: netlink.Header{Type: typ, Flags: netlink.Request | flags}, Data: data}
	return r.c.Execute(req)
}

// setUp sets IFF_UP on the interface index (RTM_NEWLINK with IFF_UP in the
// change mask, so no other flag moves), on a socket of its own.
func setUp(index int) error {
	r, err := dialRoute()
	if err != nil {
		return err
	}
	defer r.Close()
	_, err = r.execute(unix.RTM_NEWLINK, netlink.Acknowledge, ifInfoMsg(index, iffUp, iffUp))
	return err
}

// ifInfoMsg is struct ifinfomsg: family, type, index, flags, change.
func ifInfoMsg(index int, flags, change uint32) []byte {
	b := make([]byte, unix.SizeofIfInfomsg)
	b[0] = unix.AF_UNSPEC
	binary.NativeEndian.PutUint32(b[4:], uint32(index))
	binary.NativeEndian.PutUint32(b[8:], flags)
	binary.NativeEndian.PutUint32(b[12:], change)
	return b
}

// mtuMsg is struct ifinfomsg for the interface index, changing no flag, then
// IFLA_MTU.
func mtuMsg(index, mtu int) []byte {
	ae := netlink.NewAttributeEncoder()
	ae.Uint32(unix.IFLA_MTU, uint32(mtu))
	attrs, _ := ae.Encode() // one fixed-size attribute: cannot fail
	return append(ifInfoMsg(index, 0, 0), attrs...)
}

// ifAddrMsg is struct ifaddrmsg for IPv4 followed by the address as
// IFA_LOCAL and IFA_ADDRESS and, for prefixes shorter than /31, its broadcast
// address as IFA_BROADCAST: what ip-address(8) sends.
func ifAddrMsg(index int, p netip.Prefix) ([]byte, error) {
	b := make([]byte, unix.SizeofIfAddrmsg)
	b[0], b[1], b[3] = unix.AF_INET, byte(p.Bits()), unix.RT_SCOPE_UNIVERSE
	binary.NativeEndian.PutUint32(b[4:], uint32(index))
	ae := netlink.NewAttributeEncoder()
	a := p.Addr().As4()
	ae.Bytes(unix.IFA_LOCAL, a[:])
	ae.Bytes(unix.IFA_ADDRESS, a[:])
	if p.Bits() < 31 {
		bc := broadcast(p)
		ae.Bytes(unix.IFA_BROADCAST, bc[:])
	}
	attrs, err := ae.Encode()
	return append(b, attrs...), err
}

// broadcast is the IPv4 prefix's all-ones host address.
func broadcast(p netip.Prefix) [4]byte {
	a := p.Addr().As4()
	host := uint32(1)<<(32-p.Bits()) - 1
	binary.BigEndian.PutUint32(a[:], binary.BigEndian.Uint32(a[:])|host)
	return a
}

// replaceAddr gives the interface index the address p, or refreshes it.
func (r rtconn) replaceAddr(index int, p netip.Prefix) error {
	msg, err := ifAddrMsg(index, p)
	if err != nil {
		return err
	}
	_, err = r.execute(unix.RTM_NEWADDR, netlink.Create|netlink.Replace|netlink.Acknowledge, msg)
	return err
}

// deleteAddr removes the address p from the interface index.
func (r rtconn) deleteAddr(index int, p netip.Prefix) error {
	msg, err := ifAddrMsg(index, p)
	if err != nil {
		return err
	}
	_, err = r.execute(unix.RTM_DELADDR, netlink.Acknowledge, msg)
	return err
}

// addrs lists the IPv4 addresses of the interface index (an RTM_GETADDR dump).
func (r rtconn) addrs(index int) ([]netip.Prefix, error) {
	req := make([]byte, unix.SizeofIfAddrmsg)
	req[0] = unix.AF_INET
	msgs, err := r.execute(unix.RTM_GETADDR, netlink.Dump, req)
	if err != nil {
		return nil, err
	}
	var list []netip.Prefix
	for _, m := range msgs {
		if m.Header.Type != unix.RTM_NEWADDR || len(m.Data) < unix.SizeofIfAddrmsg ||
			m.Data[0] != unix.AF_INET || int(binary.NativeEndian.Uint32(m.Data[4:])) != index {
			continue
		}
		if p, ok := parseAddr(m.Data); ok {
			list = append(list, p)
		}
	}
	return list, nil
}

// parseAddr reads an RTM_NEWADDR message's prefix: IFA_LOCAL, the
// interface's own address, or IFA_ADDRESS where there is no IFA_LOCAL.
func parseAddr(data []byte) (netip.Prefix, bool) {
	ad, err := netlink.NewAttributeDecoder(data[unix.SizeofIfAddrmsg:])
	if err != nil {
		return netip.Prefix{}, false
	}
	var local, address netip.Addr
	for ad.Next() {
		a, ok := netip.AddrFromSlice(ad.Bytes())
		switch {
		case !ok:
		case ad.Type() == unix.IFA_LOCAL:
			local = a
		case ad.Type() == unix.IFA_ADDRESS:
			address = a
		}
	}
	if !local.IsValid() {
		local = address
	}
	p := netip.PrefixFrom(local, int(data[1]))
	return p, p.IsValid() && ad.Err() == nil
}

// replaceRoute sets the main table's IPv4 route to r.Dest through r.Via (on
// the link itself when r.Via is the zero Addr) on the interface index, marked
// as DHCP's (RTPROT_DHCP), and on-link when asked: a gateway outside the
// interface's prefix.
func (r rtconn) replaceRoute(index int, route Route, onLink bool) error {
	_, err := r.execute(unix.RTM_NEWROUTE, netlink.Create|netlink.Replace|netlink.Acknowledge, routeMsg(index, route, onLink))
	return err
}

// deleteRoute removes the main table's IPv4 route to dest on the interface
// index, whatever its scope and type (RT_SCOPE_NOWHERE and 0 match any).
func (r rtconn) deleteRoute(index int, dest netip.Prefix) error {
	b := routeMsg(index, Route{Dest: dest}, false)
	b[6], b[7] = unix.RT_SCOPE_NOWHERE, 0
	_, err := r.execute(unix.RTM_DELROUTE, netlink.Acknowledge, b)
	return err
}

// routeMsg is struct rtmsg for an IPv4 route of DHCP's in the main table,
// then RTA_DST (unless the default route), RTA_GATEWAY (unless on the link)
// and RTA_OIF.
func routeMsg(index int, route Route, onLink bool) []byte {
	b := make([]byte, unix.SizeofRtMsg)
	b[0], b[1], b[4], b[5], b[6], b[7] = unix.AF_INET, byte(route.Dest.Bits()), unix.RT_TABLE_MAIN, unix.RTPROT_DHCP, unix.RT_SCOPE_UNIVERSE, unix.RTN_UNICAST
	if !route.Via.IsValid() {
		b[6] = unix.RT_SCOPE_LINK
	}
	if onLink {
		binary.NativeEndian.PutUint32(b[8:], unix.RTNH_F_ONLINK)
	}
	ae := netlink.NewAttributeEncoder()
	if route.Dest.Bits() > 0 {
		d := route.Dest.Masked().Addr().As4()
		ae.Bytes(unix.RTA_DST, d[:])
	}
	if route.Via.IsValid() {
		g := route.Via.As4()
		ae.Bytes(unix.RTA_GATEWAY, g[:])
	}
	ae.Uint32(unix.RTA_OIF, uint32(index))
	attrs, _ := ae.Encode() // fixed-size attributes: cannot fail
	return append(b, attrs...)
}

// dhcpRoutes lists the destinations of the main table's IPv4 routes that
// DHCP set (RTPROT_DHCP) on the interface index.
func (r rtconn) dhcpRoutes(index int) ([]netip.Prefix, error) {
	b := make([]byte, unix.SizeofRtMsg)
	b[0] = unix.AF_INET
	msgs, err := r.execute(unix.RTM_GETROUTE, netlink.Dump, b)
	if err != nil {
		return nil, err
	}
	var dests []netip.Prefix
	for _, m := range msgs {
		if dest, oif, ok := parseRoute(m.Data); ok && oif == index {
			dests = append(dests, dest)
		}
	}
	return dests, nil
}

// parseRoute reads struct rtmsg and its attributes: the destination and
// output interface of a main-table IPv4 route set by DHCP; ok false for any
// other route.
func parseRoute(data []byte) (dest netip.Prefix, oif int, ok bool) {
	if len(data) < unix.SizeofRtMsg || data[0] != unix.AF_INET || data[4] != unix.RT_TABLE_MAIN || data[5] != unix.RTPROT_DHCP {
		return netip.Prefix{}, 0, false
	}
	ad, err := netlink.NewAttributeDecoder(data[unix.SizeofRtMsg:])
	if err != nil {
		return netip.Prefix{}, 0, false
	}
	addr := netip.IPv4Unspecified()
	for ad.Next() {
		switch ad.Type() {
		case unix.RTA_DST:
			a, ok := netip.AddrFromSlice(ad.Bytes())
			if !ok || !a.Is4() {
				return netip.Prefix{}, 0, false
			}
			addr = a
		case unix.RTA_OIF:
			oif = int(ad.Uint32())
		}
	}
	dest = netip.PrefixFrom(addr, int(data[1]))
	return dest, oif, ad.Err() == nil && dest.IsValid()
}

// linkUpdate is an RTM_NEWLINK or RTM_DELLINK message.
type linkUpdate struct {
	Type  netlink.HeaderType
	Iface iface
}

// parseLink reads an RTM_NEWLINK or RTM_DELLINK message: struct ifinfomsg,
// then IFLA_IFNAME among the attributes.
func parseLink(m netlink.Message) (linkUpdate, error) {
	if len(m.Data) < unix.SizeofIfInfomsg {
		return linkUpdate{}, errors.New("short ifinfomsg")
	}
	i := iface{
		Type:  binary.NativeEndian.Uint16(m.Data[2:]),
		Index: int(int32(binary.NativeEndian.Uint32(m.Data[4:]))),
		Flags: binary.NativeEndian.Uint32(m.Data[8:]),
	}
	ad, err := netlink.NewAttributeDecoder(m.Data[unix.SizeofIfInfomsg:])
	if err != nil {
		return linkUpdate{}, err
	}
	for ad.Next() {
		if ad.Type() == unix.IFLA_IFNAME {
			i.Name = ad.String()
		}
	}
	return linkUpdate{Type: m.Header.Type, Iface: i}, ad.Err()
}
