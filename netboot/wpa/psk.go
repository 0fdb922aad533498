package wpa

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"fmt"
)

// PSK derives the 256-bit pre-shared key (the PMK of WPA2-Personal) from a
// pass-phrase and SSID with PBKDF2-HMAC-SHA1 and 4096 iterations (IEEE
// 802.11-2016 J.4.1). This is what wpa_passphrase prints as psk=.
func PSK(passphrase, ssid string) ([32]byte, error) {
	var psk [32]byte
	if err := CheckPassphrase(passphrase); err != nil {
		return psk, err
	}
	if len(ssid) < 1 || len(ssid) > 32 {
		return psk, fmt.Errorf("SSID must be 1..32 bytes, got %d: %w", len(ssid), ErrSSID)
	}
	key, err := pbkdf2.Key(sha1.New, passphrase, []byte(ssid), 4096, len(psk))
	if err != nil {
		return psk, fmt.Errorf("derive PSK: %w", err)
	}
	copy(psk[:], key)
	return psk, nil
}

// CheckPassphrase reports whether p is a valid WPA pass-phrase: 8 to 63
// characters, each printable ASCII (32..126). The error never quotes p.
func CheckPassphrase(p string) error {
	if len(p) < 8 || len(p) > 63 {
		return passphraseError("pass-phrase must be 8..63 characters")
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 32 || p[i] > 126 {
			return passphraseError(fmt.Sprintf("pass-phrase character %d is not printable ASCII", i+1))
		}
	}
	return nil
}
