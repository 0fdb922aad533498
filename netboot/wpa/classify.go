package wpa

import "fmt"

// messageKind is the authenticator message an EAPOL-Key frame claims to be.
type messageKind int

const (
	kindMessage1 messageKind = iota + 1
	kindMessage3
	kindGroupMessage1
)

func (m messageKind) String() string {
	switch m {
	case kindMessage1:
		return "message 1"
	case kindMessage3:
		return "message 3"
	}
	return "group message 1"
}

func (m messageKind) op() string {
	if m == kindGroupMessage1 {
		return opGroup
	}
	return opPairwise
}

// classify tells the message from its Key Information bits
// (802.11-2020 12.7.6 and 12.7.7). The key descriptor version must be the
// one the negotiated AKM defines (12.7.2): a frame of another version is
// dropped, as wpa_supplicant does.
func classify(k *Key, version int) (messageKind, error) {
	ki := k.Info
	if v := ki.Version(); v != KeyVersionHMACSHA1AES && v != KeyVersionAESCMAC && v != KeyVersionAKMDefined {
		return 0, fmt.Errorf("key descriptor version %d: only versions 0 (SAE), 2 and 3 (AES key wrap with an HMAC-SHA1 or AES-CMAC MIC) are %w", v, ErrUnsupported)
	}
	if ki.Version() != version {
		return 0, fmt.Errorf("key descriptor version %d, the negotiated AKM uses version %d: %w", ki.Version(), version, ErrUnexpected)
	}
	if !ki.Has(KeyInfoAck) || ki&(KeyInfoRequest|KeyInfoError|KeyInfoSMK) != 0 {
		return 0, fmt.Errorf("key information %s is not from an authenticator: %w", ki, ErrUnexpected)
	}
	switch {
	case ki.Has(KeyInfoPairwise) && ki&(KeyInfoMIC|KeyInfoInstall|KeyInfoEncryptedKeyData) == 0:
		return kindMessage1, nil
	case ki.Has(KeyInfoPairwise | KeyInfoMIC | KeyInfoInstall | KeyInfoSecure | KeyInfoEncryptedKeyData):
		return kindMessage3, nil
	case !ki.Has(KeyInfoPairwise) && !ki.Has(KeyInfoInstall) && ki.Has(KeyInfoMIC|KeyInfoSecure|KeyInfoEncryptedKeyData):
		return kindGroupMessage1, nil
	}
	return 0, fmt.Errorf("key information %s matches no authenticator message: %w", ki, ErrUnexpected)
}
