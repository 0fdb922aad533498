package link

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// Up sets IFF_UP on the interface name.
func Up(name string) error {
	l, err := netlink.LinkByName(name)
	if err != nil {
		return fmt.Errorf("bring up %s: %w", name, err)
	}
	if err := netlink.LinkSetUp(l); err != nil {
		return fmt.Errorf("bring up %s: %w", name, err)
	}
	return nil
}

// LoopbackUp brings up lo; the kernel then gives it 127.0.0.1/8.
func LoopbackUp() error { return Up("lo") }

// WaitCarrier waits, on rtnetlink events, until the interface name has
// carrier (IFF_LOWER_UP). The interface may appear while it waits; it must
// already be up (see Up), or something else must bring it up.
func WaitCarrier(ctx context.Context, name string) error {
	updates, stop, err := subscribe()
	if err != nil {
		return fmt.Errorf("wait for carrier on %s: %w", name, err)
	}
	defer stop()
	why := "no such interface"
	for {
		select {
		case u, ok := <-updates:
			if !ok {
				return fmt.Errorf("wait for carrier on %s: %w", name, errUpdatesEnded)
			}
			i := ifaceOf(u)
			switch {
			case i.Name != name:
			case u.Header.Type == unix.RTM_DELLINK:
				why = "interface went away"
			case i.hasCarrier():
				return nil
			default:
				why = linkState(i)
			}
		case <-ctx.Done():
			return fmt.Errorf("wait for carrier on %s: %s: %w", name, why, ctx.Err())
		}
	}
}

// FindEthernet returns the first wired interface to get carrier. It brings up
// every Ethernet interface that is not wireless, once, as it appears (drivers
// may still be probing), and leaves them up. When the context ends first,
// the error lists the interfaces there are and what each lacks.
func FindEthernet(ctx context.Context) (string, error) {
	updates, stop, err := subscribe()
	if err != nil {
		return "", fmt.Errorf("find Ethernet interface: %w", err)
	}
	defer stop()
	f := finder{seen: map[int]iface{}, broughtUp: map[int]bool{}}
	for {
		select {
		case u, ok := <-updates:
			if !ok {
				return "", fmt.Errorf("find Ethernet interface: %w", errUpdatesEnded)
			}
			if name := f.update(u); name != "" {
				return name, nil
			}
		case <-ctx.Done():
			return "", fmt.Errorf("find Ethernet interface: none got carrier; interfaces: %s: %w",
				describe(f.seen, sysfs), ctx.Err())
		}
	}
}

// finder is FindEthernet's view of the interfaces.
type finder struct {
	seen      map[int]iface
	broughtUp map[int]bool
}

// update takes in a link update and returns the interface's name if it is
// the one we are looking for; it brings up candidates on first sight.
func (f *finder) update(u netlink.LinkUpdate) string {
	i := ifaceOf(u)
	if u.Header.Type == unix.RTM_DELLINK {
		delete(f.seen, i.Index)
		return ""
	}
	i.Note = f.seen[i.Index].Note
	f.seen[i.Index] = i
	if rejection(i, sysfs) != "" {
		return ""
	}
	if i.up() && i.hasCarrier() {
		return i.Name
	}
	if !i.up() && !f.broughtUp[i.Index] {
		f.broughtUp[i.Index] = true
		if err := netlink.LinkSetUp(u.Link); err != nil {
			i.Note = fmt.Sprintf("cannot bring up: %v", err)
			f.seen[i.Index] = i
		}
	}
	return ""
}

// Configure gives the interface name the address addr, removing its other
// IPv4 addresses (so that a lease that changed address leaves no stale one),
// and, if gw is valid, a default route through gw, on-link even when gw lies
// outside addr's prefix. Both are replaced, so calling it again is harmless.
func Configure(name string, addr netip.Prefix, gw netip.Addr) error {
	l, err := netlink.LinkByName(name)
	if err != nil {
		return fmt.Errorf("configure %s: %w", name, err)
	}
	if err := netlink.AddrReplace(l, &netlink.Addr{IPNet: ipNet(addr)}); err != nil {
		return fmt.Errorf("configure %s: add address %s: %w", name, addr, err)
	}
	if err := removeOtherAddrs(l, addr); err != nil {
		return fmt.Errorf("configure %s: %w", name, err)
	}
	if !gw.IsValid() {
		return nil
	}
	if err := netlink.RouteReplace(defaultRoute(l, addr, gw)); err != nil {
		return fmt.Errorf("configure %s: set default route via %s: %w", name, gw, err)
	}
	return nil
}

func removeOtherAddrs(l netlink.Link, keep netip.Prefix) error {
	addrs, err := netlink.AddrList(l, netlink.FAMILY_V4)
	if err != nil {
		return fmt.Errorf("list addresses: %w", err)
	}
	for _, a := range addrs {
		if p, ok := prefixOf(a.IPNet); ok && p == keep {
			continue
		}
		if err := netlink.AddrDel(l, &a); err != nil && !errors.Is(err, unix.EADDRNOTAVAIL) {
			return fmt.Errorf("remove old address %s: %w", a.IPNet, err)
		}
	}
	return nil
}

func defaultRoute(l netlink.Link, addr netip.Prefix, gw netip.Addr) *netlink.Route {
	r := &netlink.Route{
		LinkIndex: l.Attrs().Index,
		Family:    netlink.FAMILY_V4,
		Dst:       &net.IPNet{IP: net.IPv4zero.To4(), Mask: net.CIDRMask(0, 32)},
		Gw:        net.IP(gw.AsSlice()),
		Protocol:  unix.RTPROT_DHCP,
	}
	if !addr.Masked().Contains(gw) {
		r.Flags = int(netlink.FLAG_ONLINK)
	}
	return r
}

func ipNet(p netip.Prefix) *net.IPNet {
	return &net.IPNet{IP: net.IP(p.Addr().AsSlice()), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}
}

func prefixOf(n *net.IPNet) (netip.Prefix, bool) {
	a, ok := netip.AddrFromSlice(n.IP)
	ones, _ := n.Mask.Size()
	return netip.PrefixFrom(a.Unmap(), ones), ok
}

// errUpdatesEnded reports that the kernel stopped sending link updates (a
// receive error, such as an overflowing socket buffer).
var errUpdatesEnded = errors.New("rtnetlink link updates ended")

// subscribe returns the current links followed by every change to them, in
// the calling thread's network namespace. stop ends the subscription.
func subscribe() (<-chan netlink.LinkUpdate, func(), error) {
	updates := make(chan netlink.LinkUpdate, 64)
	done := make(chan struct{})
	err := netlink.LinkSubscribeWithOptions(updates, done, netlink.LinkSubscribeOptions{ListExisting: true})
	if err != nil {
		close(done)
		return nil, nil, fmt.Errorf("subscribe to link updates: %w", err)
	}
	stop := func() {
		close(done)
		for range updates { // let the receiving goroutine finish
		}
	}
	return updates, stop, nil
}

func ifaceOf(u netlink.LinkUpdate) iface {
	return iface{
		Name:  u.Link.Attrs().Name,
		Index: int(u.IfInfomsg.Index),
		Type:  u.IfInfomsg.Type,
		Flags: u.IfInfomsg.Flags,
	}
}
