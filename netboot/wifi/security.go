package wifi

import (
	"cmp"
	"fmt"
	"net"
	"slices"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// security is how to connect to one access point.
type security struct {
	open    bool
	apRSNE  []byte // the access point's RSN element, as advertised
	ourRSNE []byte // ours, for the association request and message 2
	rsn     *nl80211.RSN
	// mgmtCipher is the negotiated group management cipher (BIP) when
	// management frame protection is in use, else 0.
	mgmtCipher wpa.Suite
}

// tkipGroup reports whether the access point's group cipher is TKIP: a
// router in WPA/WPA2 mixed mode, whose broadcast frames are weakly protected.
func (s *security) tkipGroup() bool {
	return s.rsn != nil && wpa.Suite(s.rsn.Group) == wpa.CipherTKIP
}

// negotiate checks that the access point b offers what network n and
// airroot need, and chooses the suites. Whatever it refuses was learnt
// from b's beacon or probe response: the errors wrap ErrAccessPoint, which
// is worth retrying (802.11 does not authenticate scan data, and an access
// point may restart in another mode).
func negotiate(b *nl80211.BSS, n conf.Network) (*security, error) {
	if n.KeyMgmt == conf.KeyMgmtNone {
		if b.RSNE != nil || b.Privacy() {
			return nil, fmt.Errorf("access point %s (%q) requires encryption, but the network is configured with key_mgmt=NONE (if it is yours, give it its psk=): %w",
				b.BSSID, b.SSID, ErrAccessPoint)
		}
		return &security{open: true}, nil
	}
	if b.RSNE == nil {
		return nil, fmt.Errorf("access point %s (%q) %s, but the network is configured for WPA2-PSK: %w", b.BSSID, b.SSID, legacySecurity(b), ErrAccessPoint)
	}
	ap, err := wpa.ParseRSNE(b.RSNE)
	if err != nil {
		return nil, fmt.Errorf("access point %s (%q): %w: %w", b.BSSID, b.SSID, err, ErrAccessPoint)
	}
	if why := unusableRSNE(ap); why != "" {
		return nil, fmt.Errorf("access point %s (%q) %s: %w", b.BSSID, b.SSID, why, ErrAccessPoint)
	}
	ours, err := wpa.NegotiateRSNE(ap, n.Policy())
	if err != nil {
		return nil, fmt.Errorf("access point %s (%q): %w: %w", b.BSSID, b.SSID, err, ErrAccessPoint)
	}
	ie, err := ours.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("access point %s: build our RSN element: %w", b.BSSID, err)
	}
	sec := &security{apRSNE: b.RSNE, ourRSNE: ie, rsn: &nl80211.RSN{
		Pairwise: uint32(wpa.CipherCCMP), Group: uint32(ours.GroupCipher), AKM: uint32(ours.AKMs[0]), MFP: ours.MFPCapable(),
	}}
	if sec.rsn.MFP {
		// 802.11-2020 9.4.2.24.1: an RSNE without a group management
		// cipher suite field means BIP-CMAC-128.
		sec.mgmtCipher = cmp.Or(ours.GroupMgmtCipher, wpa.CipherBIPCMAC128)
	}
	return sec, nil
}

// unusableRSNE says, in words a user of a consumer router knows, why an
// access point's RSN element offers nothing airroot can join: "" when it
// may. NegotiateRSNE has the final word on the rest.
func unusableRSNE(ap *wpa.RSNE) string {
	known := slices.ContainsFunc(ap.AKMs, func(s wpa.Suite) bool {
		return s == wpa.AKMPSK || s == wpa.AKMPSKSHA256 || s == wpa.AKMSAE || s == wpa.AKM8021X || s == wpa.AKM8021XSHA256
	})
	switch {
	case !known:
		return fmt.Sprintf("offers key management %s, airroot needs WPA2 or WPA3 (WPA-PSK, SAE or WPA-EAP)", names(ap.AKMs, wpa.AKMName))
	case !slices.Contains(ap.PairwiseCiphers, wpa.CipherCCMP):
		return fmt.Sprintf("offers only %s encryption, airroot needs WPA2 with CCMP (AES)", names(ap.PairwiseCiphers, wpa.CipherName))
	}
	return ""
}

// legacySecurity names what an access point without an RSN element offers.
func legacySecurity(b *nl80211.BSS) string {
	switch {
	case nl80211.HasWPA1(b.IEs):
		return "offers WPA1 only"
	case b.Privacy():
		return "offers WEP only"
	}
	return "is an open network"
}

func names(list []wpa.Suite, name func(wpa.Suite) string) string {
	if len(list) == 0 {
		return "none"
	}
	s := ""
	for i, x := range list {
		if i > 0 {
			s += ", "
		}
		s += name(x)
	}
	return s
}

// fitRadio checks that the radio can use the negotiated ciphers. A wiphy
// that lists no ciphers is given the benefit of the doubt. Management
// frame protection needs the radio (or mac80211 in software) to verify
// BIP on group-addressed management frames: without the negotiated group
// management cipher, an optional one is dropped (as wpa_supplicant does
// when the driver lacks BIP) and a required one refused.
func fitRadio(w *nl80211.Wiphy, ifname string, b *nl80211.BSS, n conf.Network, s *security) (*security, error) {
	if s.open || len(w.Ciphers) == 0 {
		return s, nil
	}
	for _, c := range []uint32{s.rsn.Pairwise, s.rsn.Group} {
		if !w.SupportsCipher(c) {
			return nil, fmt.Errorf("wireless interface %s (phy%d) does not support %s: %w", ifname, w.Index, wpa.CipherName(wpa.Suite(c)), ErrUnsupported)
		}
	}
	if s.mgmtCipher == 0 || w.SupportsCipher(uint32(s.mgmtCipher)) {
		return s, nil
	}
	noBIP := fmt.Sprintf("wireless interface %s (phy%d) does not support %s, which management frame protection with %s needs",
		ifname, w.Index, wpa.CipherName(s.mgmtCipher), b.BSSID)
	switch {
	case n.IEEE80211W == wpa.MFPRequired:
		return nil, fmt.Errorf("%s, and the network has ieee80211w=2: %w", noBIP, ErrUnsupported)
	case s.rsn.MFP && mfpRequired(s.apRSNE):
		return nil, fmt.Errorf("%s, and the access point requires it: %w", noBIP, ErrAccessPoint)
	}
	n.IEEE80211W = wpa.MFPDisabled
	return negotiate(b, n)
}

// mfpRequired reports whether an RSN element sets MFPR.
func mfpRequired(rsne []byte) bool {
	e, err := wpa.ParseRSNE(rsne)
	return err == nil && e.MFPRequired()
}

// tkipGroupKey reorders a TKIP GTK for nl80211: the authenticator's Tx
// MIC key (bytes 16..23) is the station's Rx MIC key, which nl80211 wants
// last (as wpa_supplicant and iwd swap them).
func tkipGroupKey(k []byte) []byte {
	if len(k) != 32 {
		return k
	}
	out := append([]byte(nil), k[:16]...)
	out = append(out, k[24:32]...)
	return append(out, k[16:24]...)
}

// nlKey turns a key the handshake installs into an nl80211 one.
func nlKey(k wpa.InstalledKey, aa net.HardwareAddr) nl80211.Key {
	nk := nl80211.Key{Index: k.Index, Cipher: uint32(k.Cipher), Data: k.Key}
	switch k.Type {
	case wpa.KeyPairwise:
		nk.Peer = aa
	default:
		nk.Seq = append([]byte(nil), k.RSC[:]...)
		if k.Cipher == wpa.CipherTKIP {
			nk.Data = tkipGroupKey(k.Key)
		}
	}
	return nk
}
