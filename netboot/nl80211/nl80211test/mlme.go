//go:build linux

package nl80211test

import (
	"bytes"
	"encoding/binary"
	"net"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// The requests of connections: connect, keys, port, EAPOL.

func (k *Kernel) connect(r Request, o *owner) ([]genetlink.Message, error) {
	if o == nil {
		// airroot connects from a socket of its own; this fake insists.
		return nil, genltest.Error(int(unix.EPERM))
	}
	c := ConnectRequest{Ifindex: ifindexOf(r), Request: r}
	ssid, _ := r.Attr(unix.NL80211_ATTR_SSID)
	c.SSID = string(ssid)
	if b, ok := r.Attr(unix.NL80211_ATTR_MAC); ok {
		c.BSSID = net.HardwareAddr(b)
	}
	if f, ok := u32(r, unix.NL80211_ATTR_WIPHY_FREQ); ok {
		c.Frequency = int(f)
	}
	c.IEs, _ = r.Attr(unix.NL80211_ATTR_IE)
	c.PMK, _ = r.Attr(unix.NL80211_ATTR_PMK)
	_, c.ExternalAuth = r.Attr(unix.NL80211_ATTR_EXTERNAL_AUTH_SUPPORT)
	k.mu.Lock()
	k.owners[c.Ifindex] = o
	k.mu.Unlock()
	go k.afterConnect(c)
	// A reply rather than a bare acknowledgement: after an io.EOF answer
	// genltest's socket never asks for events again.
	return []genetlink.Message{message(unix.NL80211_CMD_CONNECT, func(*netlink.AttributeEncoder) {})}, nil
}

// afterConnect runs the OnConnect hook once the CONNECT ack is on its way.
func (k *Kernel) afterConnect(c ConnectRequest) {
	if k.OnConnect != nil {
		k.OnConnect(c)
		return
	}
	k.ConnectResult(c.Ifindex, c.BSSID, 0)
}

// disconnect refuses, as cfg80211 does, to end a connection that
// another socket owns.
func (k *Kernel) disconnect(r Request, o *owner) ([]genetlink.Message, error) {
	ifindex := ifindexOf(r)
	reason, _ := r.Attr(unix.NL80211_ATTR_REASON_CODE)
	k.mu.Lock()
	_, was := k.connected[ifindex]
	owned := k.owners[ifindex] != nil && k.owners[ifindex] != o
	k.mu.Unlock()
	switch {
	case owned:
		return nil, genltest.Error(int(unix.EPERM))
	case !was:
		return nil, genltest.Error(int(unix.ENOTCONN))
	}
	code := uint16(0)
	if len(reason) == 2 {
		code = binary.NativeEndian.Uint16(reason)
	}
	k.Disconnected(ifindex, code, false)
	return ack()
}

func (k *Kernel) newKey(r Request) ([]genetlink.Message, error) {
	key := Key{Ifindex: ifindexOf(r)}
	if m, ok := r.Attr(unix.NL80211_ATTR_MAC); ok {
		key.MAC = net.HardwareAddr(m)
	}
	nested, ok := r.Attr(unix.NL80211_ATTR_KEY)
	attrs, err := netlink.UnmarshalAttributes(nested)
	if !ok || err != nil {
		return nil, genltest.Error(int(unix.EINVAL))
	}
	keyType := uint32(unix.NL80211_KEYTYPE_GROUP)
	if key.MAC != nil {
		keyType = unix.NL80211_KEYTYPE_PAIRWISE
	}
	for _, a := range attrs {
		switch a.Type {
		case unix.NL80211_KEY_DATA:
			key.Data = a.Data
		case unix.NL80211_KEY_IDX:
			key.Index = int(a.Data[0])
		case unix.NL80211_KEY_CIPHER:
			key.Cipher = binary.NativeEndian.Uint32(a.Data)
		case unix.NL80211_KEY_SEQ:
			key.Seq = a.Data
		case unix.NL80211_KEY_TYPE:
			keyType = binary.NativeEndian.Uint32(a.Data)
		}
	}
	key.Pairwise = keyType == unix.NL80211_KEYTYPE_PAIRWISE
	if key.Data == nil || key.Cipher == 0 || (key.Pairwise && (key.MAC == nil || key.Index != 0)) {
		return nil, genltest.Error(int(unix.EINVAL))
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.connected[key.Ifindex] == nil {
		return nil, genltest.Error(int(unix.ENOLINK))
	}
	k.keys = append(k.keys, key)
	return ack()
}

func (k *Kernel) setStation(r Request) ([]genetlink.Message, error) {
	peer, _ := r.Attr(unix.NL80211_ATTR_MAC)
	flags, ok := r.Attr(unix.NL80211_ATTR_STA_FLAGS2)
	const authorized = 1 << unix.NL80211_STA_FLAG_AUTHORIZED
	if !ok || len(flags) != 8 || binary.NativeEndian.Uint32(flags[:4]) != authorized || binary.NativeEndian.Uint32(flags[4:]) != authorized {
		return nil, genltest.Error(int(unix.EINVAL))
	}
	ifindex := ifindexOf(r)
	k.mu.Lock()
	defer k.mu.Unlock()
	if !bytes.Equal(k.connected[ifindex], peer) {
		return nil, genltest.Error(int(unix.ENOENT))
	}
	k.authorized[ifindex] = net.HardwareAddr(peer)
	return ack()
}

func (k *Kernel) controlPortTx(r Request) ([]genetlink.Message, error) {
	f := ControlPortTx{Ifindex: ifindexOf(r), Unencrypted: r.Has(unix.NL80211_ATTR_CONTROL_PORT_NO_ENCRYPT)}
	f.Frame, _ = r.Attr(unix.NL80211_ATTR_FRAME)
	dst, _ := r.Attr(unix.NL80211_ATTR_MAC)
	f.Dest = net.HardwareAddr(dst)
	proto, _ := r.Attr(unix.NL80211_ATTR_CONTROL_PORT_ETHERTYPE)
	if f.Frame == nil || len(dst) != 6 || len(proto) != 2 || binary.NativeEndian.Uint16(proto) != unix.ETH_P_PAE {
		return nil, genltest.Error(int(unix.EINVAL))
	}
	k.mu.Lock()
	connected := k.connected[f.Ifindex] != nil
	k.mu.Unlock()
	if !connected {
		return nil, genltest.Error(int(unix.ENOTCONN))
	}
	if k.OnControlPortTx != nil {
		k.OnControlPortTx(f)
	}
	return ack()
}
