package link

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"time"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Up sets IFF_UP on the interface name.
func Up(name string) error {
	index, err := indexOf(name)
	if err != nil {
		return fmt.Errorf("bring up %s: %w", name, err)
	}
	if err := setUp(index); err != nil {
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
			i := u.Iface
			switch {
			case i.Name != name:
			case u.Type == unix.RTM_DELLINK:
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

// FollowCarrier calls changed each time the interface name loses carrier
// (IFF_LOWER_UP; the interface going away counts) or regains it, until ctx
// ends, and then returns ctx's error. The state it finds first is where it
// starts from, not a change. Should the kernel drop updates (the socket's
// buffer overflowed), it subscribes again a second later: the new listing
// reports a change missed meanwhile.
func FollowCarrier(ctx context.Context, name string, changed func(up bool)) error {
	last := carrierUnknown
	for {
		updates, stop, err := subscribe()
		if err != nil {
			return fmt.Errorf("follow carrier on %s: %w", name, err)
		}
		last = followCarrier(ctx, updates, name, last, changed)
		stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// carrierState is what FollowCarrier last saw of the interface.
type carrierState int8

const (
	carrierUnknown carrierState = iota
	carrierLost
	carrierUp
)

// followCarrier reads updates until they end or ctx does, calls changed at
// each change of name's carrier from last, and returns the last state seen.
func followCarrier(ctx context.Context, updates <-chan linkUpdate, name string, last carrierState, changed func(up bool)) carrierState {
	for {
		select {
		case u, ok := <-updates:
			if !ok {
				return last
			}
			if u.Iface.Name != name {
				continue
			}
			now := carrierLost
			if u.Type != unix.RTM_DELLINK && u.Iface.hasCarrier() {
				now = carrierUp
			}
			if last != carrierUnknown && now != last {
				changed(now == carrierUp)
			}
			last = now
		case <-ctx.Done():
			return last
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
func (f *finder) update(u linkUpdate) string {
	i := u.Iface
	if u.Type == unix.RTM_DELLINK {
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
		if err := setUp(i.Index); err != nil {
			i.Note = fmt.Sprintf("cannot bring up: %v", err)
			f.seen[i.Index] = i
		}
	}
	return ""
}

// Configure gives the interface name the address addr, removing its other
// IPv4 addresses (so that a lease that changed address leaves no stale one),
// routes (a lease's option 121) and, if gw is valid and routes have no
// default route, a default route through gw; each route on-link even when
// its router lies outside addr's prefix. The routes an earlier call set that
// these no longer have are removed: the last lease's default route when the
// new one names no router. All are replaced, so calling it again is harmless.
func Configure(name string, addr netip.Prefix, gw netip.Addr, routes ...Route) error {
	index, err := indexOf(name)
	if err != nil {
		return fmt.Errorf("configure %s: %w", name, err)
	}
	r, err := dialRoute()
	if err != nil {
		return fmt.Errorf("configure %s: %w", name, err)
	}
	defer r.Close()
	if err := r.replaceAddr(index, addr); err != nil {
		return fmt.Errorf("configure %s: add address %s: %w", name, addr, err)
	}
	if err := r.removeOtherAddrs(index, addr); err != nil {
		return fmt.Errorf("configure %s: %w", name, err)
	}
	want := wantedRoutes(gw, routes)
	for _, route := range want {
		onLink := route.Via.IsValid() && !addr.Masked().Contains(route.Via)
		if err := r.replaceRoute(index, route, onLink); err != nil {
			return fmt.Errorf("configure %s: set route %s: %w", name, route, err)
		}
	}
	if err := r.removeOtherRoutes(index, want); err != nil {
		return fmt.Errorf("configure %s: %w", name, err)
	}
	return nil
}

// SetMTU sets the interface name's MTU (a lease's option 26) and reports
// whether it changed: nothing is sent when the interface has it already.
func SetMTU(name string, mtu int) (bool, error) {
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return false, fmt.Errorf("set the MTU of %s: %w", name, err)
	}
	if ifi.MTU == mtu {
		return false, nil
	}
	r, err := dialRoute()
	if err != nil {
		return false, fmt.Errorf("set the MTU of %s: %w", name, err)
	}
	defer r.Close()
	if _, err := r.execute(unix.RTM_NEWLINK, netlink.Acknowledge, mtuMsg(ifi.Index, mtu)); err != nil {
		return false, fmt.Errorf("set the MTU of %s to %d (it has %d): %w", name, mtu, ifi.MTU, err)
	}
	return true, nil
}

// wantedRoutes are the routes Configure sets: routes, then the default route
// through gw when gw is valid and routes have none.
func wantedRoutes(gw netip.Addr, routes []Route) []Route {
	want := slices.Clone(routes)
	if gw.IsValid() && !slices.ContainsFunc(want, Route.isDefault) {
		want = append(want, Route{Dest: netip.PrefixFrom(netip.IPv4Unspecified(), 0), Via: gw})
	}
	return want
}

// removeOtherRoutes removes the routes an earlier Configure set on the
// interface index that want no longer has: a new lease's routes replace the
// old lease's, a default route included.
func (r rtconn) removeOtherRoutes(index int, want []Route) error {
	have, err := r.dhcpRoutes(index)
	if err != nil {
		return fmt.Errorf("list routes: %w", err)
	}
	for _, dest := range have {
		if slices.ContainsFunc(want, func(w Route) bool { return w.Dest.Masked() == dest }) {
			continue
		}
		if err := r.deleteRoute(index, dest); err != nil && !errors.Is(err, unix.ESRCH) {
			return fmt.Errorf("remove old route to %s: %w", dest, err)
		}
	}
	return nil
}

func (r rtconn) removeOtherAddrs(index int, keep netip.Prefix) error {
	list, err := r.addrs(index)
	if err != nil {
		return fmt.Errorf("list addresses: %w", err)
	}
	for _, p := range list {
		if p == keep {
			continue
		}
		if err := r.deleteAddr(index, p); err != nil && !errors.Is(err, unix.EADDRNOTAVAIL) {
			return fmt.Errorf("remove old address %s: %w", p, err)
		}
	}
	return nil
}

// errUpdatesEnded reports that the kernel stopped sending link updates (a
// receive error, such as an overflowing socket buffer).
var errUpdatesEnded = errors.New("rtnetlink link updates ended")

// subscribe returns the current links followed by every change to them, in
// the calling thread's network namespace: a socket in RTMGRP_LINK, then an
// RTM_GETLINK dump on it. stop ends the subscription.
func subscribe() (<-chan linkUpdate, func(), error) {
	c, err := netlink.Dial(unix.NETLINK_ROUTE, &netlink.Config{Groups: unix.RTMGRP_LINK})
	if err != nil {
		return nil, nil, fmt.Errorf("subscribe to link updates: %w", err)
	}
	dump := netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request | netlink.Dump},
		Data:   ifInfoMsg(0, 0, 0),
	}
	if _, err := c.Send(dump); err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("subscribe to link updates: list links: %w", err)
	}
	updates := make(chan linkUpdate, 64)
	go receiveLinks(c, updates)
	stop := func() {
		c.Close()
		for range updates { // let the receiving goroutine finish
		}
	}
	return updates, stop, nil
}

// receiveLinks sends the link messages c receives to updates, and closes it
// when receiving fails (the socket closed, or its buffer overflowed).
func receiveLinks(c *netlink.Conn, updates chan<- linkUpdate) {
	defer close(updates)
	for {
		msgs, err := c.Receive()
		if err != nil {
			return
		}
		for _, m := range msgs {
			if m.Header.Type != unix.RTM_NEWLINK && m.Header.Type != unix.RTM_DELLINK {
				continue
			}
			if u, err := parseLink(m); err == nil {
				updates <- u
			}
		}
	}
}
