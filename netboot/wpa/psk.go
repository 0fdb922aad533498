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
// bytes, none a control character. 802.11's annex J asks for printable
// ASCII, but wpa_supplicant and hostapd take any other byte as well and
// hash the UTF-8 that routers let people type ("Grüße aus Köln"), so
// airroot does too. The error never quotes p.
func CheckPassphrase(p string) error {
	if len(p) < 8 || len(p) > 63 {
		return passphraseError("pass-phrase must be 8..63 characters (bytes: a non-ASCII character counts 2 to 4)")
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 32 || p[i] == 127 {
			return passphraseError(fmt.Sprintf("pass-phrase byte %d is a control character", i+1))
		}
	}
	return nil
}
