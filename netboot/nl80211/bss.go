package nl80211

import (
	"fmt"
	"net"

	"github.com/mdlayher/netlink"
)

// Element IDs airroot reads (IEEE 802.11-2016 Table 9-77).
const (
	ElementSSID   = 0
	ElementRSN    = 48
	ElementVendor = 221
)

// capabilityPrivacy is the Privacy bit of the Capability Information field.
const capabilityPrivacy = 1 << 4

// BSS is one access point found by a scan.
type BSS struct {
	BSSID          net.HardwareAddr
	Frequency      int    // MHz
	Signal         int    // mBm: dBm × 100
	SSID           string // "" for a hidden network that did not answer a probe
	Capability     uint16 // Capability Information field
	BeaconInterval int    // TUs
	SeenMsAgo      int
	Associated     bool // the interface is associated with it
	// RSNE is the RSN element, ID and length included, byte for byte as
	// the access point sent it (the 4-way handshake compares it with
	// message 3); nil when there is none.
	RSNE []byte
	// IEs are the information elements, from the probe response when
	// there was one, else from the beacon.
	IEs []byte
}

// Privacy reports whether the access point requires encryption.
func (b *BSS) Privacy() bool { return b.Capability&capabilityPrivacy != 0 }

// String describes the BSS for logs: `"home" 02:00:00:00:01:00 2412 MHz -45 dBm`.
func (b *BSS) String() string {
	return fmt.Sprintf("%q %s %d MHz %d dBm", b.SSID, b.BSSID, b.Frequency, b.Signal/100)
}

// ParseScanResult parses one message of a NL80211_CMD_GET_SCAN dump: the
// BSS in its NL80211_ATTR_BSS. It returns nil and no error for a message
// without one.
func ParseScanResult(attrs []byte) (*BSS, error) {
	ad, err := netlink.NewAttributeDecoder(attrs)
	if err != nil {
		return nil, fmt.Errorf("parse scan result: %v: %w", err, ErrMalformed)
	}
	var nested []byte
	for ad.Next() {
		if ad.Type() == attrBSS {
			nested = ad.Bytes()
		}
	}
	if err := ad.Err(); err != nil {
		return nil, fmt.Errorf("parse scan result: %v: %w", err, ErrMalformed)
	}
	if nested == nil {
		return nil, nil
	}
	return ParseBSS(nested)
}

// ParseBSS parses the attributes nested in NL80211_ATTR_BSS.
func ParseBSS(attrs []byte) (*BSS, error) {
	ad, err := netlink.NewAttributeDecoder(attrs)
	if err != nil {
		return nil, fmt.Errorf("parse BSS: %v: %w", err, ErrMalformed)
	}
	b := &BSS{}
	var beaconIEs []byte
	for ad.Next() {
		switch ad.Type() {
		case bssBSSID:
			b.BSSID = mac(ad.Bytes())
		case bssFrequency:
			b.Frequency = int(ad.Uint32())
		case bssSignalMBM:
			b.Signal = int(ad.Int32())
		case bssCapability:
			b.Capability = ad.Uint16()
		case bssBeaconInterval:
			b.BeaconInterval = int(ad.Uint16())
		case bssSeenMsAgo:
			b.SeenMsAgo = int(ad.Uint32())
		case bssStatus:
			b.Associated = ad.Uint32() == bssStatusAssoc
		case bssInformationElements:
			b.IEs = ad.Bytes()
		case bssBeaconIEs:
			beaconIEs = ad.Bytes()
		}
	}
	if err := ad.Err(); err != nil {
		return nil, fmt.Errorf("parse BSS: %v: %w", err, ErrMalformed)
	}
	if len(b.BSSID) != 6 {
		return nil, fmt.Errorf("parse BSS: BSSID of %d bytes: %w", len(b.BSSID), ErrMalformed)
	}
	if b.IEs == nil {
		b.IEs = beaconIEs
	}
	b.SSID = ssidOf(b.IEs)
	b.RSNE = FindElement(b.IEs, ElementRSN)
	return b, nil
}

// ssidOf returns the SSID element's value; a hidden network's beacon
// carries an empty or zero-filled one, which gives "".
func ssidOf(ies []byte) string {
	e := FindElement(ies, ElementSSID)
	if len(e) < 2 || len(e) > 2+32 {
		return ""
	}
	for _, c := range e[2:] {
		if c != 0 {
			return string(e[2:])
		}
	}
	return ""
}
