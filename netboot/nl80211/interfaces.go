package nl80211

import (
	"encoding/binary"
	"fmt"
	"net"
	"slices"

	"github.com/mdlayher/netlink"
)

// InterfaceType is an nl80211 interface type (enum nl80211_iftype).
type InterfaceType int

// Interface types airroot meets.
const (
	InterfaceStation   InterfaceType = 2
	InterfaceAP        InterfaceType = 3
	InterfaceMonitor   InterfaceType = 6
	InterfaceP2PDevice InterfaceType = 10
)

func (t InterfaceType) String() string {
	switch t {
	case InterfaceStation:
		return "station"
	case InterfaceAP:
		return "AP"
	case InterfaceMonitor:
		return "monitor"
	case InterfaceP2PDevice:
		return "P2P device"
	}
	return fmt.Sprintf("type %d", int(t))
}

// Interface is a wireless network interface.
type Interface struct {
	Index int    // ifindex
	Name  string // wlan0
	Wiphy int    // the radio it belongs to (phyN)
	MAC   net.HardwareAddr
	Type  InterfaceType
}

// ExtFeature is a bit of the wiphy's NL80211_ATTR_EXT_FEATURES.
type ExtFeature int

// Extended features airroot looks at (enum nl80211_ext_feature_index).
const (
	// ExtFeature4WayHandshakeSTAPSK: the driver does the WPA2-PSK 4-way
	// handshake itself when CMD_CONNECT carries the PMK (brcmfmac).
	ExtFeature4WayHandshakeSTAPSK ExtFeature = 15
	// ExtFeatureControlPortOverNL80211: EAPOL frames can travel over
	// nl80211 (CMD_CONTROL_PORT_FRAME) instead of the network interface.
	ExtFeatureControlPortOverNL80211 ExtFeature = 26
)

// Wiphy is what airroot needs to know about a radio.
type Wiphy struct {
	Index        int
	Name         string // phy0
	ExtFeatures  []byte // bit field indexed by ExtFeature
	Ciphers      []uint32
	MaxScanSSIDs int // SSIDs one active scan can probe for
	// Channels the wiphy supports, all bands, with the regulatory
	// domain's flags at the time of the query.
	Channels []Channel
}

// Has reports whether the wiphy advertises the extended feature f.
func (w *Wiphy) Has(f ExtFeature) bool {
	i := int(f) / 8
	return f >= 0 && i < len(w.ExtFeatures) && w.ExtFeatures[i]&(1<<(int(f)%8)) != 0
}

// SupportsCipher reports whether the wiphy lists the cipher suite s
// (0x000fac04 is CCMP).
func (w *Wiphy) SupportsCipher(s uint32) bool { return slices.Contains(w.Ciphers, s) }

// Interfaces lists the wireless network interfaces (NL80211_CMD_GET_INTERFACE
// dump). Interfaces without a network device (P2P devices) are left out.
func (c *Client) Interfaces() ([]Interface, error) {
	replies, err := c.dump(cmdGetInterface, nil)
	if err != nil {
		return nil, fmt.Errorf("nl80211: list interfaces: %w", err)
	}
	var out []Interface
	for _, attrs := range replies {
		ifi, err := ParseInterface(attrs)
		if err != nil {
			return nil, fmt.Errorf("nl80211: list interfaces: %w", err)
		}
		if ifi.Index != 0 {
			out = append(out, ifi)
		}
	}
	return out, nil
}

// ParseInterface parses the attributes of a NL80211_CMD_NEW_INTERFACE
// message.
func ParseInterface(attrs []byte) (Interface, error) {
	var ifi Interface
	ad, err := netlink.NewAttributeDecoder(attrs)
	if err != nil {
		return ifi, fmt.Errorf("parse interface: %v: %w", err, ErrMalformed)
	}
	for ad.Next() {
		switch ad.Type() {
		case attrIfindex:
			ifi.Index = int(ad.Uint32())
		case attrIfname:
			ifi.Name = ad.String()
		case attrWiphy:
			ifi.Wiphy = int(ad.Uint32())
		case attrMAC:
			ifi.MAC = mac(ad.Bytes())
		case attrIftype:
			ifi.Type = InterfaceType(ad.Uint32())
		}
	}
	if err := ad.Err(); err != nil {
		return ifi, fmt.Errorf("parse interface: %v: %w", err, ErrMalformed)
	}
	if ifi.MAC != nil && len(ifi.MAC) != 6 {
		return ifi, fmt.Errorf("parse interface %s: hardware address of %d bytes: %w", ifi.Name, len(ifi.MAC), ErrMalformed)
	}
	return ifi, nil
}

// Wiphy describes the radio with index i (a NL80211_CMD_GET_WIPHY dump,
// split as modern kernels send it).
func (c *Client) Wiphy(i int) (*Wiphy, error) {
	replies, err := c.dump(cmdGetWiphy, func(ae *netlink.AttributeEncoder) {
		ae.Flag(attrSplitWiphyDump, true)
		ae.Uint32(attrWiphy, uint32(i))
	})
	if err != nil {
		return nil, fmt.Errorf("nl80211: describe phy%d: %w", i, err)
	}
	w := &Wiphy{Index: i}
	for _, attrs := range replies {
		if err := w.merge(attrs); err != nil {
			return nil, fmt.Errorf("nl80211: describe phy%d: %w", i, err)
		}
	}
	return w, nil
}

// ParseWiphy parses the messages of a split wiphy dump. Messages about
// other wiphys than the first one's are left out.
func ParseWiphy(msgs ...[]byte) (*Wiphy, error) {
	w := &Wiphy{Index: -1}
	for _, attrs := range msgs {
		if err := w.merge(attrs); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// merge adds what one message of a split dump says about the wiphy,
// unless the message is about another wiphy.
func (w *Wiphy) merge(attrs []byte) error {
	part, err := parseWiphyPart(attrs)
	if err != nil {
		return err
	}
	if w.Index >= 0 && part.Index >= 0 && part.Index != w.Index {
		return nil
	}
	if part.Index >= 0 {
		w.Index = part.Index
	}
	if part.Name != "" {
		w.Name = part.Name
	}
	if part.ExtFeatures != nil {
		w.ExtFeatures = part.ExtFeatures
	}
	if part.MaxScanSSIDs != 0 {
		w.MaxScanSSIDs = part.MaxScanSSIDs
	}
	w.Ciphers = append(w.Ciphers, part.Ciphers...)
	w.Channels = append(w.Channels, part.Channels...)
	return nil
}

func parseWiphyPart(attrs []byte) (*Wiphy, error) {
	w := &Wiphy{Index: -1}
	ad, err := netlink.NewAttributeDecoder(attrs)
	if err != nil {
		return nil, fmt.Errorf("parse wiphy: %v: %w", err, ErrMalformed)
	}
	for ad.Next() {
		switch ad.Type() {
		case attrWiphy:
			w.Index = int(ad.Uint32())
		case attrWiphyName:
			w.Name = ad.String()
		case attrExtFeatures:
			w.ExtFeatures = ad.Bytes()
		case attrCipherSuites:
			w.Ciphers = suites(ad.Bytes())
		case attrMaxNumScanSSIDs:
			w.MaxScanSSIDs = int(ad.Uint8())
		case attrWiphyBands:
			if w.Channels, err = parseBands(ad.Bytes()); err != nil {
				return nil, err
			}
		}
	}
	if err := ad.Err(); err != nil {
		return nil, fmt.Errorf("parse wiphy: %v: %w", err, ErrMalformed)
	}
	return w, nil
}

// suites decodes an array of native-endian u32 cipher suites.
func suites(b []byte) []uint32 {
	out := make([]uint32, 0, len(b)/4)
	for ; len(b) >= 4; b = b[4:] {
		out = append(out, binary.NativeEndian.Uint32(b))
	}
	return out
}
