package wifi

import (
	"errors"
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
}

// negotiate checks that the access point b offers what network n and
// airroot need, and chooses the suites.
func negotiate(b *nl80211.BSS, n conf.Network) (*security, error) {
	if n.KeyMgmt == conf.KeyMgmtNone {
		if b.RSNE != nil || b.Privacy() {
			return nil, fmt.Errorf("access point %s (%q) requires encryption, but the network is configured with key_mgmt=NONE: %w",
				b.BSSID, b.SSID, ErrConfig)
		}
		return &security{open: true}, nil
	}
	if b.RSNE == nil {
		return nil, fmt.Errorf("access point %s does not offer WPA2 (offers: %s): %w", b.BSSID, legacySecurity(b), ErrUnsupported)
	}
	ap, err := wpa.ParseRSNE(b.RSNE)
	if err != nil {
		return nil, fmt.Errorf("access point %s: %w: %w", b.BSSID, err, ErrUnsupported)
	}
	if !slices.Contains(ap.PairwiseCiphers, wpa.CipherCCMP) {
		return nil, fmt.Errorf("access point %s does not offer CCMP (offers: %s): %w", b.BSSID, names(ap.PairwiseCiphers, wpa.CipherName), ErrUnsupported)
	}
	if !slices.Contains(ap.AKMs, wpa.AKMPSK) && !slices.Contains(ap.AKMs, wpa.AKMPSKSHA256) {
		return nil, fmt.Errorf("access point %s does not offer WPA-PSK or WPA-PSK-SHA256 (offers: %s): %w", b.BSSID, names(ap.AKMs, wpa.AKMName), ErrUnsupported)
	}
	ours, err := wpa.NegotiateRSNE(ap, n.Policy())
	if err != nil {
		return nil, fmt.Errorf("access point %s: %w", b.BSSID, unsupported(err))
	}
	ie, err := ours.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("access point %s: build our RSN element: %w", b.BSSID, err)
	}
	return &security{apRSNE: b.RSNE, ourRSNE: ie, rsn: &nl80211.RSN{
		Pairwise: uint32(wpa.CipherCCMP), Group: uint32(ours.GroupCipher), AKM: uint32(ours.AKMs[0]), MFP: ours.MFPCapable(),
	}}, nil
}

// unsupported makes a wpa.ErrUnsupported error one of ours as well.
func unsupported(err error) error {
	if errors.Is(err, wpa.ErrUnsupported) {
		return fmt.Errorf("%w: %w", err, ErrUnsupported)
	}
	return err
}

// legacySecurity names what an access point without an RSN element offers.
func legacySecurity(b *nl80211.BSS) string {
	switch {
	case nl80211.HasWPA1(b.IEs):
		return "WPA1 only"
	case b.Privacy():
		return "WEP"
	}
	return "none, it is an open network"
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

// checkWiphy checks that the radio can use the negotiated ciphers. A
// wiphy that lists no ciphers is given the benefit of the doubt.
func checkWiphy(w *nl80211.Wiphy, ifname string, s *security) error {
	if s.open || len(w.Ciphers) == 0 {
		return nil
	}
	for _, c := range []uint32{s.rsn.Pairwise, s.rsn.Group} {
		if !w.SupportsCipher(c) {
			return fmt.Errorf("wireless interface %s (phy%d) does not support %s: %w", ifname, w.Index, wpa.CipherName(wpa.Suite(c)), ErrUnsupported)
		}
	}
	return nil
}

// handshakeMode decides who runs the 4-way handshake.
func handshakeMode(want HandshakeMode, w *nl80211.Wiphy, ifname string) (offload bool, err error) {
	can := w.Has(nl80211.ExtFeature4WayHandshakeSTAPSK)
	switch want {
	case HandshakeHost:
		return false, nil
	case HandshakeOffload:
		if !can {
			return false, fmt.Errorf("wireless interface %s (phy%d) cannot run the 4-way handshake itself (no NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK): %w",
				ifname, w.Index, ErrUnsupported)
		}
	}
	return can, nil
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
