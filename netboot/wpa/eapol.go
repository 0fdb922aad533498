package wpa

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// EAPOL (IEEE 802.1X) constants used by the 4-way handshake.
const (
	EAPOLPacketKey   = 3   // EAPOL packet type of EAPOL-Key frames
	DescriptorRSN    = 2   // EAPOL-Key descriptor type of IEEE 802.11 RSN
	DescriptorWPA    = 254 // EAPOL-Key descriptor type of WPA1 (not supported)
	eapolHeaderLen   = 4   // version, packet type, body length
	keyFixedLen      = 95  // EAPOL-Key body without key data, with a 16-byte MIC
	micOffset        = eapolHeaderLen + 1 + 2 + 2 + 8 + 32 + 16 + 8 + 8
	micLen           = 16
	maxKeyDataLength = 0xffff - keyFixedLen
)

// KeyInfo is the Key Information field of an EAPOL-Key frame
// (802.11-2016 Figure 12-33).
type KeyInfo uint16

// Key Information bits.
const (
	KeyInfoVersionMask      KeyInfo = 0x0007 // key descriptor version
	KeyInfoPairwise         KeyInfo = 1 << 3 // Key Type: 1 pairwise, 0 group
	KeyInfoInstall          KeyInfo = 1 << 6
	KeyInfoAck              KeyInfo = 1 << 7
	KeyInfoMIC              KeyInfo = 1 << 8
	KeyInfoSecure           KeyInfo = 1 << 9
	KeyInfoError            KeyInfo = 1 << 10
	KeyInfoRequest          KeyInfo = 1 << 11
	KeyInfoEncryptedKeyData KeyInfo = 1 << 12
	KeyInfoSMK              KeyInfo = 1 << 13
)

// Key descriptor versions (the low 3 bits of KeyInfo).
const (
	KeyVersionAKMDefined  = 0 // AKM SAE: AES-128-CMAC MIC, AES key wrap (12.7.2: the AKM defines them)
	KeyVersionHMACMD5RC4  = 1 // WPA1/TKIP: not supported
	KeyVersionHMACSHA1AES = 2 // AKM WPA-PSK with CCMP: HMAC-SHA1 MIC, AES key wrap
	KeyVersionAESCMAC     = 3 // AKM WPA-PSK-SHA256: AES-128-CMAC MIC, AES key wrap
)

// Version returns the key descriptor version.
func (ki KeyInfo) Version() int { return int(ki & KeyInfoVersionMask) }

// Has reports whether all bits of flags are set.
func (ki KeyInfo) Has(flags KeyInfo) bool { return ki&flags == flags }

// String lists the version and the set flags, e.g. "v2|pairwise|ack".
func (ki KeyInfo) String() string {
	parts := []string{fmt.Sprintf("v%d", ki.Version())}
	names := []struct {
		bit  KeyInfo
		name string
	}{
		{KeyInfoPairwise, "pairwise"}, {KeyInfoInstall, "install"}, {KeyInfoAck, "ack"},
		{KeyInfoMIC, "mic"}, {KeyInfoSecure, "secure"}, {KeyInfoError, "error"},
		{KeyInfoRequest, "request"}, {KeyInfoEncryptedKeyData, "encrypted"}, {KeyInfoSMK, "smk"},
	}
	for _, n := range names {
		if ki.Has(n.bit) {
			parts = append(parts, n.name)
		}
	}
	return strings.Join(parts, "|")
}

// Key is an EAPOL-Key frame with the RSN descriptor and a 16-byte MIC
// (802.11-2016 12.7.2), including its 4-byte EAPOL header.
type Key struct {
	ProtocolVersion uint8 // 802.1X version: 1 (2001), 2 (2004), 3 (2010)
	DescriptorType  uint8 // DescriptorRSN
	Info            KeyInfo
	Length          uint16 // Key Length: the pairwise cipher's key length, or 0
	ReplayCounter   uint64
	Nonce           [32]byte
	IV              [16]byte
	RSC             [8]byte // receive sequence counter of the GTK
	Reserved        [8]byte
	MIC             [16]byte
	Data            []byte // key data, encrypted when Info has KeyInfoEncryptedKeyData
}

// ParseEAPOL parses an EAPOL frame (starting at the 802.1X header, as
// received on ETH_P_PAE) that must be an EAPOL-Key frame with the RSN
// descriptor. Bytes after the EAPOL body (Ethernet padding) are ignored.
func ParseEAPOL(b []byte) (*Key, error) {
	if len(b) < eapolHeaderLen {
		return nil, fmt.Errorf("parse EAPOL frame: %d bytes, shorter than the 4-byte header: %w", len(b), ErrMalformed)
	}
	if b[1] != EAPOLPacketKey {
		return nil, fmt.Errorf("parse EAPOL frame: packet type %d is not EAPOL-Key (3): %w", b[1], ErrUnsupported)
	}
	bodyLen := int(binary.BigEndian.Uint16(b[2:4]))
	if bodyLen > len(b)-eapolHeaderLen {
		return nil, fmt.Errorf("parse EAPOL-Key frame: body length %d but only %d bytes follow the header: %w",
			bodyLen, len(b)-eapolHeaderLen, ErrMalformed)
	}
	body := b[eapolHeaderLen : eapolHeaderLen+bodyLen]
	if len(body) < 1 {
		return nil, fmt.Errorf("parse EAPOL-Key frame: empty body: %w", ErrMalformed)
	}
	if body[0] != DescriptorRSN {
		return nil, fmt.Errorf("parse EAPOL-Key frame: descriptor type %d is not RSN (2); WPA1 is %w", body[0], ErrUnsupported)
	}
	if len(body) < keyFixedLen {
		return nil, fmt.Errorf("parse EAPOL-Key frame: body of %d bytes, shorter than %d: %w", len(body), keyFixedLen, ErrMalformed)
	}
	return parseKeyBody(b[0], body)
}

func parseKeyBody(version byte, body []byte) (*Key, error) {
	k := &Key{
		ProtocolVersion: version,
		DescriptorType:  body[0],
		Info:            KeyInfo(binary.BigEndian.Uint16(body[1:3])),
		Length:          binary.BigEndian.Uint16(body[3:5]),
		ReplayCounter:   binary.BigEndian.Uint64(body[5:13]),
	}
	copy(k.Nonce[:], body[13:45])
	copy(k.IV[:], body[45:61])
	copy(k.RSC[:], body[61:69])
	copy(k.Reserved[:], body[69:77])
	copy(k.MIC[:], body[77:93])
	dataLen := int(binary.BigEndian.Uint16(body[93:95]))
	if dataLen > len(body)-keyFixedLen {
		return nil, fmt.Errorf("parse EAPOL-Key frame: key data length %d but %d bytes remain: %w",
			dataLen, len(body)-keyFixedLen, ErrMalformed)
	}
	if dataLen > 0 {
		k.Data = append([]byte(nil), body[keyFixedLen:keyFixedLen+dataLen]...)
	}
	return k, nil
}

// MarshalBinary encodes the frame, EAPOL header included, with the MIC
// field as it is in k (see Sign).
func (k *Key) MarshalBinary() ([]byte, error) {
	if len(k.Data) > maxKeyDataLength {
		return nil, fmt.Errorf("marshal EAPOL-Key frame: %d bytes of key data, at most %d fit: %w",
			len(k.Data), maxKeyDataLength, ErrMalformed)
	}
	b := make([]byte, eapolHeaderLen+keyFixedLen+len(k.Data))
	b[0] = k.ProtocolVersion
	b[1] = EAPOLPacketKey
	binary.BigEndian.PutUint16(b[2:4], uint16(keyFixedLen+len(k.Data)))
	body := b[eapolHeaderLen:]
	body[0] = k.DescriptorType
	binary.BigEndian.PutUint16(body[1:3], uint16(k.Info))
	binary.BigEndian.PutUint16(body[3:5], k.Length)
	binary.BigEndian.PutUint64(body[5:13], k.ReplayCounter)
	copy(body[13:45], k.Nonce[:])
	copy(body[45:61], k.IV[:])
	copy(body[61:69], k.RSC[:])
	copy(body[69:77], k.Reserved[:])
	copy(body[77:93], k.MIC[:])
	binary.BigEndian.PutUint16(body[93:95], uint16(len(k.Data)))
	copy(body[keyFixedLen:], k.Data)
	return b, nil
}
