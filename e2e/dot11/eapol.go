package dot11

import (
	"encoding/binary"
	"fmt"
)

// EAPOL-Key fields (802.1X-2020 11.3 and 11.9; 802.11-2020 12.7.2, Figure 12-32).
const (
	eapolVersion2004 = 2
	eapolTypeKey     = 3
	descriptorRSN    = 2

	// KeyInfo bits: the descriptor version in bits 0-2, then Key Type (pairwise),
	// Install, Key Ack, Key MIC, Secure.
	KeyInfoPairwise = 1 << 3
	KeyInfoInstall  = 1 << 6
	KeyInfoAck      = 1 << 7
	KeyInfoMIC      = 1 << 8
	KeyInfoSecure   = 1 << 9
	keyInfoVersion  = 0x7

	// DescriptorHMACSHA1AES is key descriptor version 2 (AKM 2, WPA-PSK with CCMP);
	// DescriptorAESCMAC is version 3 (AKM 6, WPA-PSK-SHA256).
	DescriptorHMACSHA1AES = 2
	DescriptorAESCMAC     = 3

	// keyBodyLen is an EAPOL-Key body with a 16-byte MIC and no key data: descriptor
	// type, Key Information, Key Length, Replay Counter, Nonce, IV, RSC, reserved,
	// MIC, Key Data Length.
	keyBodyLen  = 1 + 2 + 2 + 8 + 32 + 16 + 8 + 8 + 16 + 2
	eapolHdrLen = 4
	ccmpKeyLen  = 16
)

// Message1 is the EAPOL frame of a 4-way handshake message 1 (802.11-2020 12.7.6.2):
// Key Ack, pairwise, the given descriptor version, replay counter and ANonce, no MIC,
// no key data. It is what the access point sends first, unencrypted; sent again after
// the port is open, by anyone, it must not be answered in the clear.
func Message1(descriptorVersion uint16, replay uint64, anonce [32]byte) []byte {
	b := make([]byte, eapolHdrLen+keyBodyLen)
	b[0], b[1] = eapolVersion2004, eapolTypeKey
	binary.BigEndian.PutUint16(b[2:], keyBodyLen)
	k := b[eapolHdrLen:]
	k[0] = descriptorRSN
	binary.BigEndian.PutUint16(k[1:], descriptorVersion&keyInfoVersion|KeyInfoPairwise|KeyInfoAck)
	binary.BigEndian.PutUint16(k[3:], ccmpKeyLen)
	binary.BigEndian.PutUint64(k[5:], replay)
	copy(k[13:], anonce[:])
	return b
}

// KeyFrame is what the capture reads of an EAPOL-Key frame.
type KeyFrame struct {
	KeyInfo uint16
	Replay  uint64
	// HasNonce says the Key Nonce field is not all zeros.
	HasNonce bool
}

// keyNonceEnd is where the Key Nonce ends, from the EAPOL header's start.
const keyNonceEnd = eapolHdrLen + 1 + 2 + 2 + 8 + 32

// ParseKey reads an EAPOL frame that carries an EAPOL-Key descriptor.
func ParseKey(b []byte) (KeyFrame, error) {
	if len(b) < keyNonceEnd {
		return KeyFrame{}, fmt.Errorf("parse EAPOL-Key frame: %w", errShort)
	}
	if b[1] != eapolTypeKey {
		return KeyFrame{}, fmt.Errorf("parse EAPOL-Key frame: packet type %d, want %d", b[1], eapolTypeKey)
	}
	k := b[eapolHdrLen:]
	f := KeyFrame{KeyInfo: binary.BigEndian.Uint16(k[1:]), Replay: binary.BigEndian.Uint64(k[5:])}
	for _, c := range b[keyNonceEnd-32 : keyNonceEnd] {
		f.HasNonce = f.HasNonce || c != 0
	}
	return f, nil
}

// Message names the 4-way handshake message a key frame is (802.11-2020 12.7.6): 1
// and 3 carry Key Ack, 3 a MIC too; of the station's, 2 carries the SNonce and 4 a
// zero nonce (Secure tells them apart only in the first handshake: in a rekey both
// may carry it); 0 for a group-key or malformed one.
func (k KeyFrame) Message() int {
	if k.KeyInfo&KeyInfoPairwise == 0 {
		return 0
	}
	ack, mic := k.KeyInfo&KeyInfoAck != 0, k.KeyInfo&KeyInfoMIC != 0
	switch {
	case ack && !mic:
		return 1
	case ack && mic:
		return 3
	case mic && k.HasNonce:
		return 2
	case mic:
		return 4
	}
	return 0
}
