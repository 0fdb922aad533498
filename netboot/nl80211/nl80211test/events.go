//go:build linux

package nl80211test

import (
	"fmt"
	"net"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Multicast queues an event for the event socket.
func (k *Kernel) Multicast(cmd uint8, fn func(ae *netlink.AttributeEncoder)) {
	k.events <- message(cmd, fn)
}

// Unicast queues an event for the socket that connected ifindex; it
// fails when none did.
func (k *Kernel) Unicast(ifindex int, cmd uint8, fn func(ae *netlink.AttributeEncoder)) error {
	k.mu.Lock()
	o := k.owners[ifindex]
	k.mu.Unlock()
	if o == nil {
		return fmt.Errorf("nl80211test: no socket owns a connection on interface %d", ifindex)
	}
	o.queue <- message(cmd, fn)
	return nil
}

// ConnectResult reports the outcome of CMD_CONNECT: status 0 connects.
func (k *Kernel) ConnectResult(ifindex int, bssid net.HardwareAddr, status uint16) {
	if status == 0 {
		k.mu.Lock()
		k.connected[ifindex] = bssid
		k.mu.Unlock()
	}
	k.Multicast(unix.NL80211_CMD_CONNECT, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifindex))
		ae.Bytes(unix.NL80211_ATTR_MAC, bssid)
		ae.Uint16(unix.NL80211_ATTR_STATUS_CODE, status)
	})
}

// Disconnected reports the end of a connection.
func (k *Kernel) Disconnected(ifindex int, reason uint16, byAP bool) {
	k.mu.Lock()
	delete(k.connected, ifindex)
	delete(k.authorized, ifindex)
	k.mu.Unlock()
	k.Multicast(unix.NL80211_CMD_DISCONNECT, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifindex))
		ae.Uint16(unix.NL80211_ATTR_REASON_CODE, reason)
		if byAP {
			ae.Flag(unix.NL80211_ATTR_DISCONNECTED_BY_AP, true)
		}
	})
}

// Deauthenticated reports a deauthentication frame from the access point
// bssid to sta, then the disconnection, as cfg80211 does.
func (k *Kernel) Deauthenticated(ifindex int, bssid, sta net.HardwareAddr, reason uint16) {
	k.Multicast(unix.NL80211_CMD_DEAUTHENTICATE, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifindex))
		ae.Bytes(unix.NL80211_ATTR_FRAME, deauthFrame(bssid, sta, reason))
	})
	k.Disconnected(ifindex, reason, true)
}

// PortAuthorized reports that the driver finished the 4-way handshake.
func (k *Kernel) PortAuthorized(ifindex int, bssid net.HardwareAddr) {
	k.mu.Lock()
	k.authorized[ifindex] = bssid
	k.mu.Unlock()
	k.Multicast(unix.NL80211_CMD_PORT_AUTHORIZED, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifindex))
		ae.Bytes(unix.NL80211_ATTR_MAC, bssid)
	})
}

// RegChange announces a new global regulatory domain.
func (k *Kernel) RegChange(alpha2 string) {
	k.Multicast(unix.NL80211_CMD_REG_CHANGE, func(ae *netlink.AttributeEncoder) {
		ae.String(unix.NL80211_ATTR_REG_ALPHA2, alpha2)
	})
}

// DeliverEAPOL hands an EAPOL frame from src to the socket that connected
// ifindex, as CMD_CONTROL_PORT_FRAME.
func (k *Kernel) DeliverEAPOL(ifindex int, src net.HardwareAddr, frame []byte, unencrypted bool) error {
	return k.Unicast(ifindex, unix.NL80211_CMD_CONTROL_PORT_FRAME, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifindex))
		ae.Bytes(unix.NL80211_ATTR_MAC, src)
		ae.Uint16(unix.NL80211_ATTR_CONTROL_PORT_ETHERTYPE, unix.ETH_P_PAE)
		ae.Bytes(unix.NL80211_ATTR_FRAME, frame)
		if unencrypted {
			ae.Flag(unix.NL80211_ATTR_CONTROL_PORT_NO_ENCRYPT, true)
		}
	})
}
