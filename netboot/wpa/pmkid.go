package wpa

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"net"
)

// ErrPMKIDMismatch says message 1 of a 4-way handshake did not name the
// cached PMKSA the station offered: the access point uses another PMK.
var ErrPMKIDMismatch = errors.New("message 1 does not name the cached PMKSA")

// PMKID names a PMK from 802.1X (802.11-2020 12.7.1.3): the first 128 bits
// of HMAC(PMK, "PMK Name" || AA || SPA), with SHA-1 for AKM 1 and SHA-256
// for AKM 5 (and the other SHA-256 AKMs). SAE derives its PMKID from the
// commit scalars instead (12.4.5.4).
func PMKID(akm Suite, pmk []byte, aa, spa net.HardwareAddr) [16]byte {
	h := sha256.New
	if akm == AKM8021X || akm == AKMPSK {
		h = func() hash.Hash { return sha1.New() }
	}
	m := hmac.New(h, pmk)
	m.Write([]byte("PMK Name"))
	m.Write(aa)
	m.Write(spa)
	return [16]byte(m.Sum(nil)[:16])
}

// WithPMKID returns the RSN element rsne with its PMKID list set to id, for
// an association request that offers a cached PMKSA (9.4.2.24.1).
func WithPMKID(rsne []byte, id [16]byte) ([]byte, error) {
	e, err := ParseRSNE(rsne)
	if err != nil {
		return nil, fmt.Errorf("add PMKID to RSN element: %w", err)
	}
	e.PMKIDs = [][16]byte{id}
	return e.MarshalBinary()
}

// checkPMKID verifies, when the station offered a cached PMKSA, that
// message 1's PMKID KDE names it (12.7.6.2): an access point that kept the
// PMKSA names it there; any other PMK would fail message 3's MIC later, so
// the station stops now and the caller drops the cache entry.
func (h *Handshake) checkPMKID(k *Key) error {
	if h.PMKID == nil {
		return nil
	}
	kd, err := ParseKeyData(k.Data)
	if err != nil {
		return fmt.Errorf("%s with %s: message 1's key data: %w", opPairwise, h.AA, err)
	}
	if kd.PMKID == nil {
		return fmt.Errorf("%s with %s: no PMKID KDE: %w", opPairwise, h.AA, ErrPMKIDMismatch)
	}
	if *kd.PMKID != *h.PMKID {
		return fmt.Errorf("%s with %s: PMKID %x: %w", opPairwise, h.AA, kd.PMKID[:], ErrPMKIDMismatch)
	}
	return nil
}
