//go:build linux

package nl80211test

import (
	"encoding/binary"
	"net"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// ExternalAuthStatus is what CMD_EXTERNAL_AUTH reported: how the SAE the
// driver asked for ended.
type ExternalAuthStatus struct {
	Ifindex int
	BSSID   net.HardwareAddr
	SSID    string
	Status  uint16
}

func (k *Kernel) externalAuth(r Request) ([]genetlink.Message, error) {
	s := ExternalAuthStatus{Ifindex: ifindexOf(r)}
	if b, ok := r.Attr(unix.NL80211_ATTR_BSSID); ok {
		s.BSSID = net.HardwareAddr(b)
	}
	ssid, _ := r.Attr(unix.NL80211_ATTR_SSID)
	s.SSID = string(ssid)
	if b, ok := r.Attr(unix.NL80211_ATTR_STATUS_CODE); ok && len(b) == 2 {
		s.Status = binary.NativeEndian.Uint16(b)
	}
	if k.OnExternalAuth != nil {
		go k.OnExternalAuth(s)
	}
	return ack()
}

// ExternalAuthRequest is a driver with its own SME asking the socket that
// connected ifindex to run SAE with bssid (CMD_EXTERNAL_AUTH, action START),
// as cfg80211_external_auth_request sends it.
func (k *Kernel) ExternalAuthRequest(ifindex int, bssid net.HardwareAddr, ssid string, akm uint32) error {
	return k.externalAuthEvent(ifindex, unix.NL80211_EXTERNAL_AUTH_START, bssid, ssid, akm)
}

// ExternalAuthAbort is the driver calling off the SAE it asked for
// (action ABORT).
func (k *Kernel) ExternalAuthAbort(ifindex int, bssid net.HardwareAddr, ssid string, akm uint32) error {
	return k.externalAuthEvent(ifindex, unix.NL80211_EXTERNAL_AUTH_ABORT, bssid, ssid, akm)
}

func (k *Kernel) externalAuthEvent(ifindex int, action uint32, bssid net.HardwareAddr, ssid string, akm uint32) error {
	return k.Unicast(ifindex, unix.NL80211_CMD_EXTERNAL_AUTH, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifindex))
		ae.Uint32(unix.NL80211_ATTR_AKM_SUITES, akm)
		ae.Uint32(unix.NL80211_ATTR_EXTERNAL_AUTH_ACTION, action)
		ae.Bytes(unix.NL80211_ATTR_BSSID, bssid)
		ae.Bytes(unix.NL80211_ATTR_SSID, []byte(ssid))
	})
}
