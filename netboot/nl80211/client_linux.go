package nl80211

import (
	"fmt"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
)

// eventsReadBuffer is the receive buffer of the event socket, big enough
// for the bursts a scan or a reconnect produces.
const eventsReadBuffer = 1 << 20

// Dial opens the kernel's nl80211 family. The error wraps
// os.ErrNotExist when cfg80211 is not loaded (no nl80211 family yet).
func Dial() (*Client, error) {
	conn, err := dialConn()
	if err != nil {
		return nil, err
	}
	family, err := conn.GetFamily(familyName)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("nl80211: get generic netlink family %q (is cfg80211 loaded?): %w", familyName, err)
	}
	events, err := dialEvents(family)
	if err != nil {
		conn.Close()
		return nil, err
	}
	c, err := NewClient(conn, events, dialConn)
	if err != nil {
		conn.Close()
		events.Close()
		return nil, err
	}
	return c, nil
}

// dialConn opens a generic netlink socket that reports extended errors.
func dialConn() (*genetlink.Conn, error) {
	conn, err := genetlink.Dial(nil)
	if err != nil {
		return nil, fmt.Errorf("nl80211: open generic netlink socket: %w", err)
	}
	// Kernels before 4.12 lack extended acknowledgements; errors are then
	// only less detailed.
	_ = conn.SetOption(netlink.ExtendedAcknowledge, true)
	return conn, nil
}

// dialEvents opens a socket that is a member of the multicast groups
// whose events the Client delivers.
func dialEvents(family genetlink.Family) (*genetlink.Conn, error) {
	events, err := dialConn()
	if err != nil {
		return nil, err
	}
	_ = events.SetReadBuffer(eventsReadBuffer)
	joined := 0
	for _, g := range family.Groups {
		if g.Name != groupMLME && g.Name != groupScan && g.Name != groupReg {
			continue
		}
		if err := events.JoinGroup(g.ID); err != nil {
			events.Close()
			return nil, fmt.Errorf("nl80211: join multicast group %q: %w", g.Name, err)
		}
		joined++
	}
	if joined != 3 {
		events.Close()
		return nil, fmt.Errorf("nl80211: the family offers %d of the multicast groups %q, %q and %q", joined, groupMLME, groupScan, groupReg)
	}
	return events, nil
}
