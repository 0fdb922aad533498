package wifi

import (
	"fmt"
	"slices"

	"github.com/airroot/airroot/netboot/nl80211"
)

// HandshakeMode says who runs the 4-way handshake.
type HandshakeMode int

// Handshake modes.
const (
	// HandshakeAuto lets the driver run it when the wiphy offers to
	// (NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK, as brcmfmac does), else
	// airroot does.
	HandshakeAuto    HandshakeMode = iota
	HandshakeHost                  // airroot runs it
	HandshakeOffload               // the driver runs it; fail if it cannot
)

// EAPOLPath says how the host supplicant's EAPOL frames travel.
type EAPOLPath int

// EAPOL paths.
const (
	// EAPOLAuto: over nl80211 when the wiphy can
	// (NL80211_EXT_FEATURE_CONTROL_PORT_OVER_NL80211), else AF_PACKET.
	EAPOLAuto    EAPOLPath = iota
	EAPOLNL80211           // over nl80211; fail if the wiphy cannot
	// EAPOLPacket: over an AF_PACKET socket bound to ethertype 0x888e on
	// the interface, as drivers without control port over nl80211 need.
	EAPOLPacket
)

var (
	handshakeNames = []string{"auto", "host", "offload"}
	eapolNames     = []string{"auto", "nl80211", "packet"}
)

// String is the mode's name on the command line.
func (m HandshakeMode) String() string { return modeName(handshakeNames, int(m), "HandshakeMode") }

// String is the path's name on the command line.
func (p EAPOLPath) String() string { return modeName(eapolNames, int(p), "EAPOLPath") }

// ParseHandshakeMode reads airroot.wifi.handshake=: auto, host or offload.
func ParseHandshakeMode(s string) (HandshakeMode, error) {
	i, err := parseMode(handshakeNames, s)
	return HandshakeMode(i), err
}

// ParseEAPOLPath reads airroot.wifi.eapol=: auto, nl80211 or packet.
func ParseEAPOLPath(s string) (EAPOLPath, error) {
	i, err := parseMode(eapolNames, s)
	return EAPOLPath(i), err
}

func modeName(names []string, i int, typ string) string {
	if i >= 0 && i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("%s(%d)", typ, i)
}

func parseMode(names []string, s string) (int, error) {
	if i := slices.Index(names, s); i >= 0 {
		return i, nil
	}
	return 0, fmt.Errorf("want %s, %s or %s", names[0], names[1], names[2])
}

// handshakeMode decides who runs the 4-way handshake.
func handshakeMode(want HandshakeMode, w *nl80211.Wiphy, ifname string) (offload bool, err error) {
	return useFeature(w, ifname, nl80211.ExtFeature4WayHandshakeSTAPSK, "NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK",
		want == HandshakeHost, want == HandshakeOffload, "airroot.wifi.handshake=offload", "run the 4-way handshake itself")
}

// eapolOverNL80211 decides how the host supplicant's EAPOL frames travel:
// over nl80211 (the control port, NL80211_CMD_CONTROL_PORT_FRAME) or over
// an AF_PACKET socket on the interface.
func eapolOverNL80211(want EAPOLPath, w *nl80211.Wiphy, ifname string) (bool, error) {
	return useFeature(w, ifname, nl80211.ExtFeatureControlPortOverNL80211, "NL80211_EXT_FEATURE_CONTROL_PORT_OVER_NL80211",
		want == EAPOLPacket, want == EAPOLNL80211, "airroot.wifi.eapol=nl80211", "carry EAPOL over nl80211")
}

// useFeature resolves a knob against the wiphy's extended feature f: never
// when off, always when on (an error naming the knob if the wiphy cannot
// do what), else whenever the wiphy can.
func useFeature(w *nl80211.Wiphy, ifname string, f nl80211.ExtFeature, fname string, off, on bool, knob, what string) (bool, error) {
	can := w.Has(f)
	switch {
	case off:
		return false, nil
	case on && !can:
		return false, fmt.Errorf("%s: wireless interface %s (phy%d) cannot %s (no %s): %w", knob, ifname, w.Index, what, fname, ErrUnsupported)
	}
	return can, nil
}
