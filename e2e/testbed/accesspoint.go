package testbed

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The access point's side of a Wi-Fi scenario, set up by the fixture.
const (
	// apInterface is the mac80211_hwsim radio hostapd runs on; airroot gets wlan0.
	apInterface = "wlan1"
	// stationInterface is airroot's radio, unless the bed hides it (NoStationRadio).
	stationInterface = "wlan0"
	// apBridge bridges the access point's radio and the wired NIC.
	apBridge = "br0"
	// hostapdConfPath is hostapd's configuration in the initramfs;
	// hostapdLaterConfPath replaces it when the bed has a FirstNetwork.
	hostapdConfPath      = "/e2e/hostapd.conf"
	hostapdLaterConfPath = "/e2e/hostapd-later.conf"
	// hostapdRestartConfPath is the restarted access point's configuration when it
	// comes back on another channel.
	hostapdRestartConfPath = "/e2e/hostapd-restart.conf"
	// hostapdSecondConfPath is the second access point's configuration.
	hostapdSecondConfPath = "/e2e/hostapd-second.conf"
	// hostapdCtrlDir is hostapd's ctrl_interface. It is on /dev because the fixture's
	// devtmpfs is the one airroot keeps (its own mount fails with EBUSY) and moves into
	// the new root; a tmpfs on /run would be covered by the one airroot mounts there.
	hostapdCtrlDir = "/dev/hostapd"
	// defaultChannel is the access point's channel when the scenario names none.
	defaultChannel = 6
)

// MonitorInterface is the attacker's radio in the access point's namespace: the third
// mac80211_hwsim radio's interface, which keeps its name when its wiphy moves.
const MonitorInterface = "wlan2"

// SecondAPInterface is the second access point's radio (WiFiBed.SecondChannel), in
// the first one's namespace, bridged with it: the third radio, like MonitorInterface.
const SecondAPInterface = "wlan2"

// HostapdCtrl is the access point's control socket; SecondHostapdCtrl the second
// access point's.
const (
	HostapdCtrl       = hostapdCtrlDir + "/" + apInterface
	SecondHostapdCtrl = hostapdCtrlDir + "/" + SecondAPInterface
)

// AccessPoint is the test access point of a Wi-Fi scenario, run by Debian's hostapd.
type AccessPoint struct {
	SSID string
	// Passphrase is the WPA2-PSK pass-phrase; "" makes an open network.
	Passphrase string
	// Hidden leaves the SSID out of beacons (ignore_broadcast_ssid=1).
	Hidden bool
	// MixedWPA runs the pass-phrase network in WPA/WPA2 mixed mode, as many
	// routers still ship: wpa=3 with TKIP for WPA1 and CCMP for WPA2, so the
	// group cipher, shared by both, is TKIP.
	MixedWPA bool
	// GroupRekey and PTKRekey are hostapd's wpa_group_rekey and wpa_ptk_rekey in
	// seconds; 0 keeps hostapd's defaults (a day, never).
	GroupRekey int
	PTKRekey   int
	// PMF is ieee80211w: 0 off, 1 optional, 2 required.
	PMF int
	// KeyMgmt is hostapd's wpa_key_mgmt; "" is WPA-PSK. With SAE, hostapd uses the
	// pass-phrase as the SAE password.
	KeyMgmt string
	// SAEPWE is hostapd's sae_pwe: 0 hunting-and-pecking, 1 hash-to-element only,
	// 2 both.
	SAEPWE int
	// SAEAntiClogging makes hostapd ask every SAE commit for an anti-clogging token
	// (sae_anti_clogging_threshold=0).
	SAEAntiClogging bool
	// SAEGroups is hostapd's sae_groups, the SAE groups it accepts; nil keeps
	// its default (19 only), so a station proposing 19 first is refused on
	// {20} and must retry.
	SAEGroups []int
	// Channel is the 2.4 GHz channel, 1 to 13; 0 means defaultChannel.
	Channel int
	// EAP, when set, makes the network WPA2-Enterprise (Passphrase stays "").
	EAP *EAPServer
	// DHCP, when set, makes the access point route instead of bridging to slirp, and
	// lease addresses itself (slirp's leases last a day).
	DHCP *DHCPServer
}

// ChannelOrDefault is the channel hostapd uses.
func (ap AccessPoint) ChannelOrDefault() int {
	if ap.Channel == 0 {
		return defaultChannel
	}
	return ap.Channel
}

// Validate reports what hostapd would refuse, or what would make a configuration line
// mean something else.
func (ap AccessPoint) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if n := len(ap.SSID); n == 0 || n > 32 {
		add("SSID %q: want 1 to 32 bytes", ap.SSID)
	}
	if !printable(ap.SSID) {
		add("SSID %q: want printable ASCII", ap.SSID)
	}
	if p := ap.Passphrase; p != "" && (len(p) < 8 || len(p) > 63 || !printable(p)) {
		add("pass-phrase: want 8 to 63 printable ASCII characters, got %d bytes", len(p))
	}
	if c := ap.ChannelOrDefault(); c < 1 || c > 13 {
		add("channel %d: want 1 to 13", c)
	}
	if ap.GroupRekey < 0 || ap.PTKRekey < 0 {
		add("rekey intervals %d and %d s: want 0 or more", ap.GroupRekey, ap.PTKRekey)
	}
	if ap.PMF < 0 || ap.PMF > 2 {
		add("PMF %d: want 0, 1 or 2", ap.PMF)
	}
	if ap.MixedWPA && (ap.Passphrase == "" || ap.PMF == 2 || ap.KeyMgmt != "") {
		add("WPA/WPA2 mixed mode: want a pass-phrase, WPA-PSK and no required PMF (a TKIP group cannot go with it)")
	}
	if ap.DHCP != nil {
		if err := fixtureDHCP(ap.DHCP).Validate(); err != nil {
			add("DHCP server: %w", err)
		}
	}
	want := []string{"WPA-PSK", "WPA-PSK-SHA256", "SAE"}
	if ap.EAP != nil {
		want = []string{"WPA-EAP", "WPA-EAP-SHA256"}
	}
	for _, akm := range strings.Fields(ap.KeyMgmt) {
		if !slices.Contains(want, akm) {
			add("key management %q: want %s", akm, strings.Join(want, " or "))
		}
	}
	if ap.EAP != nil {
		errs = append(errs, ap.EAP.validate(ap.Passphrase)...)
	}
	if ap.SAEPWE < 0 || ap.SAEPWE > 2 {
		add("sae_pwe %d: want 0, 1 or 2", ap.SAEPWE)
	}
	if len(ap.SAEGroups) > 0 && !slices.Contains(strings.Fields(ap.KeyMgmt), "SAE") {
		add("sae_groups %v need SAE key management", ap.SAEGroups)
	}
	if ap.Passphrase == "" && ap.EAP == nil && (ap.PMF != 0 || ap.GroupRekey != 0 || ap.PTKRekey != 0) {
		add("PMF and rekeying need a pass-phrase (an open network has no keys)")
	}
	if ap.Passphrase == "" && ap.EAP == nil && ap.KeyMgmt != "" {
		add("key management %s needs a pass-phrase", ap.KeyMgmt)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("access point: %w", err)
	}
	return nil
}

// printable reports whether s is printable ASCII (hostapd.conf lines end at a newline,
// and spaces at either end of a value are kept).
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// HostapdConf renders hostapd.conf for ap: on apInterface, bridged into apBridge,
// 802.11g, WPA2-PSK with CCMP unless open, the control socket in hostapdCtrlDir.
func HostapdConf(ap AccessPoint) string { return hostapdConfOn(ap, apInterface) }

// hostapdConfOn is ap's hostapd.conf on the radio iface.
func hostapdConfOn(ap AccessPoint, iface string) string {
	lines := []string{
		"# hostapd.conf written by the airroot e2e harness",
		"interface=" + iface,
	}
	if ap.DHCP == nil {
		lines = append(lines, "bridge="+apBridge)
	}
	lines = append(lines,
		"driver=nl80211",
		"ctrl_interface="+hostapdCtrlDir,
		"ssid="+ap.SSID,
		"hw_mode=g",
		"channel="+strconv.Itoa(ap.ChannelOrDefault()),
	)
	if ap.Hidden {
		lines = append(lines, "ignore_broadcast_ssid=1")
	}
	if ap.Passphrase != "" && ap.MixedWPA {
		lines = append(lines, "wpa=3", "wpa_pairwise=TKIP")
	} else if ap.Passphrase != "" {
		lines = append(lines, "wpa=2")
	}
	if ap.Passphrase != "" {
		lines = append(lines,
			"wpa_key_mgmt="+cmp.Or(ap.KeyMgmt, "WPA-PSK"),
			"rsn_pairwise=CCMP",
			"wpa_passphrase="+ap.Passphrase,
		)
	}
	if ap.EAP != nil {
		lines = append(lines, "wpa=2", "wpa_key_mgmt="+cmp.Or(ap.KeyMgmt, "WPA-EAP"), "rsn_pairwise=CCMP")
		lines = append(lines, eapConf(ap.EAP)...)
	}
	for _, opt := range []struct {
		key   string
		value int
	}{{"wpa_group_rekey", ap.GroupRekey}, {"wpa_ptk_rekey", ap.PTKRekey}, {"ieee80211w", ap.PMF}, {"sae_pwe", ap.SAEPWE}} {
		if opt.value != 0 {
			lines = append(lines, opt.key+"="+strconv.Itoa(opt.value))
		}
	}
	if ap.SAEAntiClogging {
		lines = append(lines, "sae_anti_clogging_threshold=0")
	}
	if len(ap.SAEGroups) > 0 {
		groups := make([]string, len(ap.SAEGroups))
		for i, g := range ap.SAEGroups {
			groups[i] = strconv.Itoa(g)
		}
		lines = append(lines, "sae_groups="+strings.Join(groups, " "))
	}
	return strings.Join(lines, "\n") + "\n"
}
