package wpa

import "fmt"

// KeyType says which kind of key an InstalledKey is.
type KeyType int

// Key types.
const (
	KeyPairwise KeyType = iota // the PTK's temporal key, index 0
	KeyGroup                   // a GTK, index 1..3
	KeyIGTK                    // an 802.11w integrity group key, index 4..5
)

func (t KeyType) String() string {
	switch t {
	case KeyPairwise:
		return "pairwise"
	case KeyGroup:
		return "group"
	case KeyIGTK:
		return "integrity group"
	}
	return fmt.Sprintf("KeyType(%d)", int(t))
}

// InstalledKey is a key the handshake asks its Install seam to hand to the
// driver (nl80211 NEW_KEY). Its String method never shows the key.
type InstalledKey struct {
	Type   KeyType
	Index  int    // key index: 0 pairwise, 1..3 group, 4..5 IGTK
	Cipher Suite  // CipherCCMP, CipherTKIP, CipherBIPCMAC128, ...
	Key    []byte // the temporal key
	// RSC is the receive sequence counter to start from (the CCMP or TKIP
	// packet number, or the IGTK's IPN), little endian as
	// NL80211_ATTR_KEY_SEQ wants it. Zero for pairwise keys.
	RSC [6]byte
	// Tx is the GTK KDE's Tx bit; a station only receives with group keys.
	Tx bool
}

// String describes the key without revealing it.
func (k InstalledKey) String() string {
	return fmt.Sprintf("%s key index %d %s (%d bytes, RSC %x)", k.Type, k.Index, CipherName(k.Cipher), len(k.Key), k.RSC)
}

// GoString describes the key without revealing it, also for %#v.
func (k InstalledKey) GoString() string { return k.String() }
