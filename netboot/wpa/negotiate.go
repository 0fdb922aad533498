package wpa

import (
	"fmt"
	"slices"
	"strings"
)

// MFP is a management frame protection (IEEE 802.11w) policy, as in
// wpa_supplicant's ieee80211w= setting.
type MFP int

// MFP policies.
const (
	MFPDisabled MFP = 0 // ieee80211w=0
	MFPOptional MFP = 1 // ieee80211w=1: use it when the access point can
	MFPRequired MFP = 2 // ieee80211w=2: refuse access points without it
)

// NegotiateRSNE chooses the RSN element a WPA2-PSK supplicant sends in its
// association request to an access point advertising ap: pairwise CCMP,
// AKM WPA-PSK, the access point's group cipher (CCMP or TKIP) and the
// management frame protection both sides accept. The error says what the
// access point offers when there is no match.
func NegotiateRSNE(ap *RSNE, mfp MFP) (*RSNE, error) {
	if !slices.Contains(ap.PairwiseCiphers, CipherCCMP) {
		return nil, fmt.Errorf("access point offers pairwise ciphers %s, airroot needs CCMP: %w",
			suiteList(ap.PairwiseCiphers, CipherName), ErrUnsupported)
	}
	if !slices.Contains(ap.AKMs, AKMPSK) {
		return nil, fmt.Errorf("access point offers key management %s, airroot needs WPA-PSK: %w",
			suiteList(ap.AKMs, AKMName), ErrUnsupported)
	}
	if ap.GroupCipher != CipherCCMP && ap.GroupCipher != CipherTKIP {
		return nil, fmt.Errorf("access point uses group cipher %s, airroot needs CCMP or TKIP: %w",
			CipherName(ap.GroupCipher), ErrUnsupported)
	}
	ours := &RSNE{Version: 1, GroupCipher: ap.GroupCipher, PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKMPSK}}
	switch {
	case mfp == MFPDisabled && ap.MFPRequired():
		return nil, fmt.Errorf("access point requires management frame protection but ieee80211w=0: %w", ErrUnsupported)
	case mfp == MFPRequired && !ap.MFPCapable():
		return nil, fmt.Errorf("ieee80211w=2 but the access point does not offer management frame protection: %w", ErrUnsupported)
	case mfp != MFPDisabled && ap.MFPCapable():
		ours.Capabilities = RSNCapMFPC
		if mfp == MFPRequired {
			ours.Capabilities |= RSNCapMFPR
		}
		if g := ap.GroupMgmtCipher; g != 0 && g != CipherBIPCMAC128 {
			ours.GroupMgmtCipher = g
		}
	}
	return ours, nil
}

func suiteList(list []Suite, name func(Suite) string) string {
	if len(list) == 0 {
		return "none"
	}
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = name(s)
	}
	return strings.Join(names, " ")
}
