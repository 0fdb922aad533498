package nl80211

import (
	"fmt"
	"net"

	"encoding/binary"
	"github.com/mdlayher/netlink"
)

// Key is a temporal key to install with NewKey.
type Key struct {
	// Peer is the access point for a pairwise key; nil for a group key.
	Peer   net.HardwareAddr
	Index  int    // 0 pairwise, 1..3 group, 4..5 integrity group
	Cipher uint32 // 0x000fac04 CCMP, 0x000fac02 TKIP, 0x000fac06 BIP-CMAC-128
	// Data is the key as nl80211 wants it (for TKIP: encryption key, then
	// the Tx and the Rx MIC keys).
	Data []byte
	// Seq is the receive sequence counter to start from, 6 bytes little
	// endian; nil for pairwise keys.
	Seq []byte
}

// String describes the key without revealing it.
func (k Key) String() string {
	if k.Peer != nil {
		return fmt.Sprintf("pairwise key for %s, cipher %08x", k.Peer, k.Cipher)
	}
	return fmt.Sprintf("group key index %d, cipher %08x, RSC %x", k.Index, k.Cipher, k.Seq)
}

// GoString describes the key without revealing it, also for %#v.
func (k Key) GoString() string { return k.String() }

// NewKey installs a key on interface ifindex (NL80211_CMD_NEW_KEY with
// the key attributes nested in NL80211_ATTR_KEY, the peer's address in
// NL80211_ATTR_MAC for a pairwise key).
func (c *Client) NewKey(ifindex int, k Key) error {
	err := c.ack(cmdNewKey, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
		if k.Peer != nil {
			ae.Bytes(attrMAC, k.Peer)
		}
		ae.Nested(attrKey, func(nae *netlink.AttributeEncoder) error {
			nae.Bytes(keyData, k.Data)
			nae.Uint32(keyCipher, k.Cipher)
			nae.Uint8(keyIdx, uint8(k.Index))
			if k.Seq != nil {
				nae.Bytes(keySeq, k.Seq)
			}
			if k.Peer != nil {
				nae.Uint32(keyType, keytypePairwise)
			} else {
				nae.Uint32(keyType, keytypeGroup)
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("nl80211: install %s on interface %d: %w", k, ifindex, err)
	}
	return nil
}

// SetDefaultKey makes the group key with the given index the default for
// multicast transmission (NL80211_CMD_SET_KEY).
func (c *Client) SetDefaultKey(ifindex, index int) error {
	err := c.ack(cmdSetKey, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
		ae.Nested(attrKey, func(nae *netlink.AttributeEncoder) error {
			nae.Uint8(keyIdx, uint8(index))
			nae.Flag(keyDefault, true)
			nae.Nested(keyDefaultTypes, func(tae *netlink.AttributeEncoder) error {
				tae.Flag(keyDefaultTypeMulticast, true)
				return nil
			})
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("nl80211: make group key %d the default on interface %d: %w", index, ifindex, err)
	}
	return nil
}

// AuthorizePort opens the 802.1X controlled port towards peer once the
// keys are installed (NL80211_CMD_SET_STATION with the AUTHORIZED flag in
// NL80211_ATTR_STA_FLAGS2).
func (c *Client) AuthorizePort(ifindex int, peer net.HardwareAddr) error {
	err := c.ack(cmdSetStation, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
		ae.Bytes(attrMAC, peer)
		ae.Bytes(attrStaFlags2, staFlagUpdate(1<<staFlagAuthorized, 1<<staFlagAuthorized))
	})
	if err != nil {
		return fmt.Errorf("nl80211: authorize port to %s on interface %d: %w", peer, ifindex, err)
	}
	return nil
}

// staFlagUpdate encodes struct nl80211_sta_flag_update { u32 mask, set; }.
func staFlagUpdate(mask, set uint32) []byte {
	b := make([]byte, 8)
	binary.NativeEndian.PutUint32(b[:4], mask)
	binary.NativeEndian.PutUint32(b[4:], set)
	return b
}

// SendControlPortFrame transmits an EAPOL frame (from the 802.1X header
// on) to dst over nl80211 (NL80211_CMD_CONTROL_PORT_FRAME); unencrypted
// sends it in the clear (NL80211_ATTR_CONTROL_PORT_NO_ENCRYPT), which a
// supplicant asks for only until a pairwise key is installed.
func (c *Client) SendControlPortFrame(ifindex int, dst net.HardwareAddr, frame []byte, unencrypted bool) error {
	err := c.ack(cmdControlPortFrame, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
		ae.Bytes(attrFrame, frame)
		ae.Uint16(attrControlPortEthertype, ethPPAE)
		ae.Bytes(attrMAC, dst)
		if unencrypted {
			ae.Flag(attrControlPortNoEncrypt, true)
		}
		ae.Flag(attrDontWaitForAck, true)
	})
	if err != nil {
		return fmt.Errorf("nl80211: send EAPOL frame to %s on interface %d: %w", dst, ifindex, err)
	}
	return nil
}
