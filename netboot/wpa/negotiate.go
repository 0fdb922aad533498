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

// Policy is what a network's configuration lets the supplicant accept.
type Policy struct {
	MFP MFP // ieee80211w=
	// AKMs lists the AKMs the configuration allows (key_mgmt=): AKMPSK,
	// AKMPSKSHA256, AKM8021X, AKM8021XSHA256. Empty means WPA-PSK alone.
	AKMs []Suite
	// RefuseTKIPGroup refuses an access point whose group cipher is TKIP
	// (a group= without TKIP). Otherwise it is accepted, as by
	// wpa_supplicant, whose group= defaults to "CCMP TKIP": routers in
	// WPA/WPA2 mixed mode use TKIP, broken and deprecated (802.11-2020
	// 12.5.2.1), for broadcast and multicast frames only; the board's own
	// traffic is always CCMP.
	RefuseTKIPGroup bool
}

func (p Policy) allows(akm Suite) bool {
	if len(p.AKMs) == 0 {
		return akm == AKMPSK
	}
	return slices.Contains(p.AKMs, akm)
}

// NegotiateRSNE chooses the RSN element a supplicant sends in its
// association request to an access point advertising ap: pairwise CCMP,
// the access point's group cipher (CCMP, or TKIP unless p refuses it), the
// management frame protection both sides accept and an AKM both sides
// accept, WPA-PSK-SHA256 before WPA-PSK when management frame protection
// is in use (as wpa_supplicant prefers the SHA-256 AKM). The error says
// what the access point offers when there is no match.
func NegotiateRSNE(ap *RSNE, p Policy) (*RSNE, error) {
	if !slices.Contains(ap.PairwiseCiphers, CipherCCMP) {
		return nil, fmt.Errorf("access point offers pairwise ciphers %s, airroot needs CCMP: %w",
			suiteList(ap.PairwiseCiphers, CipherName), ErrUnsupported)
	}
	if err := checkGroupCipher(ap, p); err != nil {
		return nil, err
	}
	if _, err := chooseAKM(ap, p, false); err != nil {
		return nil, err // no AKM in common: say so before anything else
	}
	ours := &RSNE{Version: 1, GroupCipher: ap.GroupCipher, PairwiseCiphers: []Suite{CipherCCMP}}
	if err := negotiateMFP(ap, p.MFP, ours); err != nil {
		return nil, err
	}
	akm, err := chooseAKM(ap, p, ours.MFPCapable())
	if err != nil {
		return nil, err
	}
	ours.AKMs = []Suite{akm}
	return ours, nil
}

func checkGroupCipher(ap *RSNE, p Policy) error {
	switch {
	case ap.GroupCipher == CipherCCMP:
		return nil
	case ap.GroupCipher == CipherTKIP && p.RefuseTKIPGroup:
		return fmt.Errorf("access point uses TKIP as its group cipher (WPA/WPA2 mixed mode), which the network block's group= leaves out; "+
			"add TKIP to group= to join it, or better, set the router to WPA2 with AES/CCMP only: %w", ErrUnsupported)
	case ap.GroupCipher == CipherTKIP:
		return nil
	}
	return fmt.Errorf("access point uses group cipher %s, airroot needs CCMP or TKIP: %w",
		CipherName(ap.GroupCipher), ErrUnsupported)
}

// negotiateMFP sets our MFPC/MFPR bits and group management cipher. An
// access point whose group management cipher is not a BIP airroot knows
// counts as not offering management frame protection.
func negotiateMFP(ap *RSNE, mfp MFP, ours *RSNE) error {
	apMFP := ap.MFPCapable() && isBIP(ap.MgmtGroupCipher())
	switch {
	case mfp == MFPDisabled && ap.MFPRequired():
		return fmt.Errorf("access point requires management frame protection but ieee80211w=0: %w", ErrUnsupported)
	case ap.MFPRequired() && !apMFP:
		return fmt.Errorf("access point requires management frame protection with group management cipher %s, which airroot does not know: %w",
			CipherName(ap.MgmtGroupCipher()), ErrUnsupported)
	case mfp == MFPRequired && !apMFP:
		return fmt.Errorf("ieee80211w=2 but the access point does not offer management frame protection with a known BIP cipher: %w", ErrUnsupported)
	case mfp != MFPDisabled && apMFP:
		ours.Capabilities = RSNCapMFPC
		if mfp == MFPRequired {
			ours.Capabilities |= RSNCapMFPR
		}
		if g := ap.MgmtGroupCipher(); g != CipherBIPCMAC128 {
			ours.GroupMgmtCipher = g
		}
	}
	return nil
}

func isBIP(s Suite) bool {
	switch s {
	case CipherBIPCMAC128, CipherBIPGMAC128, CipherBIPGMAC256, CipherBIPCMAC256:
		return true
	}
	return false
}

// chooseAKM picks, when management frame protection is in use, SAE (as
// wpa_supplicant prefers WPA3 in transition mode), then the SHA-256 AKMs
// (WPA-PSK-SHA256, WPA-EAP-SHA256), then WPA-PSK or WPA-EAP; without it
// WPA-PSK or WPA-EAP first and SAE last. The network's policy allows
// either the PSK and SAE AKMs or the 802.1X ones.
func chooseAKM(ap *RSNE, p Policy, mfp bool) (Suite, error) {
	order := []Suite{AKMPSK, AKM8021X, AKMPSKSHA256, AKM8021XSHA256, AKMSAE}
	if mfp {
		order = []Suite{AKMSAE, AKMPSKSHA256, AKM8021XSHA256, AKMPSK, AKM8021X}
	}
	for _, akm := range order {
		if p.allows(akm) && slices.Contains(ap.AKMs, akm) {
			return akm, nil
		}
	}
	allowed := p.AKMs
	if len(allowed) == 0 {
		allowed = []Suite{AKMPSK}
	}
	msg := fmt.Sprintf("access point offers key management %s, the network allows %s", suiteList(ap.AKMs, AKMName), suiteList(allowed, AKMName))
	switch {
	case slices.Contains(ap.AKMs, AKMPSKSHA256) && !p.allows(AKMPSKSHA256):
		msg += "; add WPA-PSK-SHA256 to key_mgmt="
	case slices.Contains(ap.AKMs, AKMSAE) && !p.allows(AKMSAE):
		msg += "; for WPA3 add SAE to key_mgmt="
	}
	return 0, fmt.Errorf("%s: %w", msg, ErrUnsupported)
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
