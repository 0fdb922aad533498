//go:build linux

package nl80211test

import (
	"net"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// AuthRequest is what CMD_AUTHENTICATE asked for: one SAE message to BSSID.
type AuthRequest struct {
	Ifindex  int
	BSSID    net.HardwareAddr
	AuthType uint32
	SAEData  []byte // transaction || status || body
}

func (k *Kernel) authenticate(r Request) ([]genetlink.Message, error) {
	a := AuthRequest{Ifindex: ifindexOf(r)}
	if b, ok := r.Attr(unix.NL80211_ATTR_MAC); ok {
		a.BSSID = net.HardwareAddr(b)
	}
	a.AuthType, _ = u32(r, unix.NL80211_ATTR_AUTH_TYPE)
	a.SAEData, _ = r.Attr(unix.NL80211_ATTR_SAE_DATA)
	if k.OnAuthenticate != nil {
		go k.OnAuthenticate(a)
	}
	return ack()
}

// AuthFrame reports an authentication frame from an access point, whole
// from the 802.11 header on, as mac80211 hands SAE frames up
// (CMD_AUTHENTICATE on the mlme group).
func (k *Kernel) AuthFrame(ifindex int, frame []byte) {
	k.Multicast(unix.NL80211_CMD_AUTHENTICATE, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifindex))
		ae.Bytes(unix.NL80211_ATTR_FRAME, frame)
	})
}
