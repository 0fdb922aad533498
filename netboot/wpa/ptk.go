package wpa

import (
	"bytes"
	"fmt"
	"net"
)

// PTK is a CCMP pairwise transient key split into its parts (802.11-2016
// 12.7.1.3): the key confirmation key that signs EAPOL-Key frames, the key
// encryption key that wraps their key data, and the temporal key the
// driver encrypts data frames with.
type PTK struct {
	KCK [16]byte
	KEK [16]byte
	TK  [16]byte
}

// String describes the PTK without revealing it.
func (PTK) String() string { return "PTK{redacted}" }

// GoString describes the PTK without revealing it, also for %#v.
func (p PTK) GoString() string { return p.String() }

// DerivePTK computes the CCMP PTK for the AKM in use (802.11-2020
// 12.7.1.3):
//
//	PRF-384(PMK, "Pairwise key expansion", data)          AKM WPA-PSK
//	KDF-SHA-256-384(PMK, "Pairwise key expansion", data)  AKM WPA-PSK-SHA256, SAE
//
// where data = Min(AA,SPA) || Max(AA,SPA) || Min(ANonce,SNonce) ||
// Max(ANonce,SNonce). Other AKMs wrap ErrUnsupported.
func DerivePTK(akm Suite, pmk [32]byte, aa, spa net.HardwareAddr, anonce, snonce [32]byte) (PTK, error) {
	var ptk PTK
	if len(aa) != 6 || len(spa) != 6 {
		return ptk, fmt.Errorf("derive PTK: addresses must be 6 bytes (authenticator %d, supplicant %d): %w",
			len(aa), len(spa), ErrMalformed)
	}
	data := make([]byte, 0, 2*6+2*32)
	data = append(data, minMax(aa, spa)...)
	data = append(data, minMax(anonce[:], snonce[:])...)
	label := []byte("Pairwise key expansion")
	var out []byte
	switch akm {
	case AKMPSK, AKM8021X:
		out = PRF(pmk[:], label, data, 384)
	case AKMPSKSHA256, AKM8021XSHA256, AKMSAE:
		// SAE's PTK uses the SHA-256 KDF as WPA-PSK-SHA256 does (12.7.1.7.2).
		out = KDFSHA256(pmk[:], label, data, 384)
	default:
		return ptk, fmt.Errorf("derive PTK for AKM %s: %w", AKMName(akm), ErrUnsupported)
	}
	copy(ptk.KCK[:], out[0:16])
	copy(ptk.KEK[:], out[16:32])
	copy(ptk.TK[:], out[32:48])
	return ptk, nil
}

// minMax returns Min(a,b) || Max(a,b), comparing as big-endian numbers.
func minMax(a, b []byte) []byte {
	if bytes.Compare(a, b) > 0 {
		a, b = b, a
	}
	return append(append([]byte{}, a...), b...)
}
