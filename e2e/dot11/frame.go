package dot11

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
)

// Frame types and the subtypes used here (802.11-2020 9.2.4.1.3, Table 9-1).
const (
	TypeManagement = 0
	TypeControl    = 1
	TypeData       = 2

	SubtypeDeauth = 12
	// subtypeQoS is the bit that makes a data subtype a QoS one (QoS Control follows
	// the addresses).
	subtypeQoS = 0x8
)

// Frame Control flags (802.11-2020 9.2.4.1.1).
const (
	flagToDS      = 0x01
	flagFromDS    = 0x02
	flagProtected = 0x40
	flagOrder     = 0x80
)

// Header sizes (802.11-2020 9.3): a data or management frame's three addresses and
// Sequence Control; a control frame's Frame Control, Duration and Address 1; QoS
// Control; HT Control.
const (
	headerLen      = 24
	ctrlHeaderLen  = 10
	ctrlTwoAddrLen = 16
	addr4Len       = 6
	qosLen         = 2
	htControlLen   = 4
)

// EtherTypeEAPOL is IEEE 802.1X's EtherType (port access entity).
const EtherTypeEAPOL = 0x888e

// llcSNAP is the RFC 1042 header that starts a data frame's body before the EtherType.
var llcSNAP = []byte{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00}

// Frame is a parsed 802.11 MAC frame: what the capture needs to tell who sent what,
// and whether it went out in the clear.
type Frame struct {
	Type, Subtype uint8
	ToDS, FromDS  bool
	// Protected is the Protected Frame flag: the body is encrypted (CCMP here).
	Protected bool
	// Addr1 is the receiver; Addr2 the transmitter (nil in a one-address control
	// frame); Addr3 the BSSID, source or destination by the DS bits.
	Addr1, Addr2, Addr3 net.HardwareAddr
	// Body follows the header: the frame body without the FCS.
	Body []byte
}

// Parse reads an 802.11 frame (no radiotap, no FCS).
func Parse(b []byte) (Frame, error) {
	if len(b) < ctrlHeaderLen {
		return Frame{}, fmt.Errorf("parse 802.11 frame: %w", errShort)
	}
	f := Frame{
		Type:      (b[0] >> 2) & 0x3,
		Subtype:   b[0] >> 4,
		ToDS:      b[1]&flagToDS != 0,
		FromDS:    b[1]&flagFromDS != 0,
		Protected: b[1]&flagProtected != 0,
		Addr1:     net.HardwareAddr(b[4:10]),
	}
	if f.Type == TypeControl {
		if len(b) >= ctrlTwoAddrLen {
			f.Addr2 = net.HardwareAddr(b[10:16])
		}
		return f, nil
	}
	n := headerLen
	if f.Type == TypeData {
		if f.ToDS && f.FromDS {
			n += addr4Len
		}
		if f.Subtype&subtypeQoS != 0 {
			n += qosLen
			if b[1]&flagOrder != 0 {
				n += htControlLen
			}
		}
	}
	if len(b) < n {
		return Frame{}, fmt.Errorf("parse 802.11 frame: %d-byte header in %d bytes: %w", n, len(b), errShort)
	}
	f.Addr2, f.Addr3 = net.HardwareAddr(b[10:16]), net.HardwareAddr(b[16:22])
	f.Body = b[n:]
	return f, nil
}

// ClearEtherType is the EtherType of an unprotected data frame's LLC/SNAP body: what
// anyone in range reads of it. ok is false for other frames, and for protected ones,
// whose body is ciphertext.
func (f Frame) ClearEtherType() (etherType uint16, ok bool) {
	if f.Type != TypeData || f.Protected || len(f.Body) < len(llcSNAP)+2 || !bytes.HasPrefix(f.Body, llcSNAP) {
		return 0, false
	}
	return binary.BigEndian.Uint16(f.Body[len(llcSNAP):]), true
}

// header writes a three-address header: Frame Control (type, subtype, flags),
// Duration 0, the addresses, Sequence Control 0 (mac80211 numbers injected frames).
func header(typ, subtype, flags uint8, a1, a2, a3 net.HardwareAddr) []byte {
	b := make([]byte, headerLen)
	b[0], b[1] = typ<<2|subtype<<4, flags
	copy(b[4:], a1)
	copy(b[10:], a2)
	copy(b[16:], a3)
	return b
}

// Deauth is an unprotected Deauthentication frame (802.11-2020 9.3.3.12) from the
// access point bssid to the station sta with the given reason code: what an attacker,
// or an access point that has forgotten the station, sends.
func Deauth(sta, bssid net.HardwareAddr, reason uint16) []byte {
	b := header(TypeManagement, SubtypeDeauth, 0, sta, bssid, bssid)
	return binary.LittleEndian.AppendUint16(b, reason)
}

// DataFromAP is an unprotected data frame from the access point bssid to sta (FromDS,
// Address 3 the source, here the access point itself) carrying payload of etherType
// behind LLC/SNAP.
func DataFromAP(sta, bssid net.HardwareAddr, etherType uint16, payload []byte) []byte {
	b := header(TypeData, 0, flagFromDS, sta, bssid, bssid)
	b = append(b, llcSNAP...)
	b = binary.BigEndian.AppendUint16(b, etherType)
	return append(b, payload...)
}
