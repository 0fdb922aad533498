package eap

import (
	"encoding/binary"
	"fmt"
)

// EAPOL packet types (IEEE 802.1X-2010 11.3.2) that carry EAP.
const (
	EAPOLPacket = 0 // EAPOL-EAP: an EAP packet
	EAPOLStart  = 1 // EAPOL-Start: the supplicant asks the authenticator to begin
	EAPOLKey    = 3 // EAPOL-Key: the 4-way handshake's frames
)

// eapolVersion is the protocol version of our frames: 2 (802.1X-2004),
// which every authenticator accepts, as wpa_supplicant's default.
const eapolVersion = 2

// FromEAPOL returns the EAP packet of an EAPOL-EAP frame (starting at the
// 802.1X header); Ethernet padding after the body is dropped.
func FromEAPOL(frame []byte) ([]byte, error) {
	if len(frame) < 4 {
		return nil, fmt.Errorf("parse EAPOL frame: %d bytes, shorter than the 4-byte header: %w", len(frame), ErrMalformed)
	}
	if frame[1] != EAPOLPacket {
		return nil, fmt.Errorf("parse EAPOL frame: packet type %d is not EAPOL-EAP (0): %w", frame[1], ErrMalformed)
	}
	n := int(binary.BigEndian.Uint16(frame[2:4]))
	if n > len(frame)-4 {
		return nil, fmt.Errorf("parse EAPOL-EAP frame: body length %d, %d bytes follow: %w", n, len(frame)-4, ErrMalformed)
	}
	return frame[4 : 4+n], nil
}

// ToEAPOL wraps an EAP packet in an EAPOL-EAP frame.
func ToEAPOL(pkt []byte) []byte {
	b := []byte{eapolVersion, EAPOLPacket, 0, 0}
	binary.BigEndian.PutUint16(b[2:], uint16(len(pkt)))
	return append(b, pkt...)
}

// StartFrame is an EAPOL-Start frame.
func StartFrame() []byte { return []byte{eapolVersion, EAPOLStart, 0, 0} }
