//go:build linux

package nl80211test

import (
	"encoding/binary"
	"net"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Interface is a wireless interface the fake kernel lists.
type Interface struct {
	Index int
	Name  string
	Wiphy int
	MAC   net.HardwareAddr
	Type  uint32 // NL80211_IFTYPE_*; 0 means station
}

// Wiphy is a radio the fake kernel describes.
type Wiphy struct {
	Index        int
	Name         string
	ExtFeatures  []int // NL80211_EXT_FEATURE_* indices
	Ciphers      []uint32
	MaxScanSSIDs int
	// Channels, one band per entry of Bands: the fake sends each band in
	// a message of its own, as a split dump does.
	Bands [][]Channel
}

// Channel is a frequency of a Wiphy's band and its regulatory flags.
type Channel struct {
	Freq                  int
	Disabled, NoIR, Radar bool
}

// BSS is an access point a scan finds. A Hidden one beacons an empty SSID
// and shows its SSID only to scans that probe for it. A Stale one is gone
// but still in the kernel's table (cfg80211 keeps an entry 30 s after it
// was last heard): every scan lists it, last heard 5 s ago.
type BSS struct {
	BSSID      net.HardwareAddr
	Frequency  int
	Signal     int32 // mBm
	SSID       string
	Hidden     bool
	Stale      bool
	Capability uint16
	IEs        []byte // elements after the SSID element, such as the RSN element
}

// Request is a request the fake kernel received.
type Request struct {
	Command uint8
	Flags   netlink.HeaderFlags
	Attrs   []netlink.Attribute
}

// Attr returns the data of the first attribute of type typ.
func (r Request) Attr(typ uint16) ([]byte, bool) {
	for _, a := range r.Attrs {
		if a.Type&^(netlink.Nested|netlink.NetByteOrder) == typ {
			return a.Data, true
		}
	}
	return nil, false
}

// Has reports whether the request carries an attribute of type typ.
func (r Request) Has(typ uint16) bool {
	_, ok := r.Attr(typ)
	return ok
}

// ScanFrequencies decodes a TRIGGER_SCAN's NL80211_ATTR_SCAN_FREQUENCIES;
// nil when it names none (every channel) or is malformed.
func (r Request) ScanFrequencies() []int {
	b, _ := r.Attr(unix.NL80211_ATTR_SCAN_FREQUENCIES)
	attrs, err := netlink.UnmarshalAttributes(b)
	if err != nil {
		return nil
	}
	var out []int
	for _, a := range attrs {
		if len(a.Data) == 4 {
			out = append(out, int(binary.NativeEndian.Uint32(a.Data)))
		}
	}
	return out
}

// Key is a key installed with NEW_KEY.
type Key struct {
	Ifindex  int
	MAC      net.HardwareAddr // set for pairwise keys
	Index    int
	Cipher   uint32
	Data     []byte
	Seq      []byte
	Pairwise bool
}

// ControlPortTx is an EAPOL frame sent with CMD_CONTROL_PORT_FRAME.
type ControlPortTx struct {
	Ifindex     int
	Dest        net.HardwareAddr
	Frame       []byte
	Unencrypted bool
}

// ConnectRequest is what CMD_CONNECT asked for.
type ConnectRequest struct {
	Ifindex   int
	SSID      string
	BSSID     net.HardwareAddr
	Frequency int
	IEs       []byte
	PMK       []byte
	// ExternalAuth: the station offers to run SAE for the driver.
	ExternalAuth bool
	Request      Request
}
