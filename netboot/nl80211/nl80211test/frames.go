//go:build linux

package nl80211test

import (
	"encoding/binary"
	"net"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Management frames: registrations, CMD_FRAME both ways, and the unprotected
// deauthentications the kernel drops when management frame protection is on.

// registerFrame accepts a frame registration, as cfg80211 does for a
// station interface: frame type action (or none, which means action) or
// authentication (for external SAE), and a match of at least one byte.
func (k *Kernel) registerFrame(r Request) ([]genetlink.Message, error) {
	match, ok := r.Attr(unix.NL80211_ATTR_FRAME_MATCH)
	typ, hasType := r.Attr(unix.NL80211_ATTR_FRAME_TYPE)
	if !ok || len(match) == 0 || (hasType && (len(typ) != 2 || !isFrameType(binary.NativeEndian.Uint16(typ)))) {
		return nil, genltest.Error(int(unix.EINVAL))
	}
	return ack()
}

func isFrameType(t uint16) bool { return t == frameAction || t == frameAuth }

// Frame control fields of the management frames a station registers for.
const (
	frameAction = 0x00d0
	frameAuth   = 0x00b0
)

// frameTx hands a CMD_FRAME to OnFrameTx. cfg80211 refuses an action frame
// from a station that is not connected (ENOTCONN); an authentication frame
// goes out while a connection is being made (external SAE).
func (k *Kernel) frameTx(r Request) ([]genetlink.Message, error) {
	frame, ok := r.Attr(unix.NL80211_ATTR_FRAME)
	ifindex := ifindexOf(r)
	if !ok || len(frame) < 24 {
		return nil, genltest.Error(int(unix.EINVAL))
	}
	k.mu.Lock()
	connected := k.connected[ifindex] != nil || (frame[0] == frameAuth && k.owners[ifindex] != nil)
	k.mu.Unlock()
	if !connected {
		return nil, genltest.Error(int(unix.ENOTCONN))
	}
	if k.OnFrameTx != nil {
		k.OnFrameTx(ifindex, frame)
	}
	return ack()
}

// DeliverFrame hands a management frame to the socket that connected
// ifindex (where its registration for the frame lives), as CMD_FRAME.
func (k *Kernel) DeliverFrame(ifindex int, frame []byte) error {
	return k.Unicast(ifindex, unix.NL80211_CMD_FRAME, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifindex))
		ae.Bytes(unix.NL80211_ATTR_FRAME, frame)
	})
}

// UnprotDeauthenticated reports an unprotected deauthentication frame from
// bssid to sta that the kernel dropped because management frame protection
// is in use: no disconnection follows.
func (k *Kernel) UnprotDeauthenticated(ifindex int, bssid, sta net.HardwareAddr, reason uint16) {
	k.Multicast(unix.NL80211_CMD_UNPROT_DEAUTHENTICATE, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifindex))
		ae.Bytes(unix.NL80211_ATTR_FRAME, deauthFrame(bssid, sta, reason))
	})
}

// deauthFrame builds a deauthentication frame from bssid to sta.
func deauthFrame(bssid, sta net.HardwareAddr, reason uint16) []byte {
	frame := make([]byte, 26)
	frame[0] = 0xc0 // management, deauthentication
	copy(frame[4:], sta)
	copy(frame[10:], bssid)
	copy(frame[16:], bssid)
	binary.LittleEndian.PutUint16(frame[24:], reason)
	return frame
}
