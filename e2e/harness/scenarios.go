package harness

import (
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/init/layout"
)

// bootSteps are the step names airroot's timeline must have after a full boot.
var bootSteps = []string{layout.StepMount, layout.StepModules, layout.StepLink, layout.StepDHCP, layout.StepNFS, layout.StepSwitchRoot}

// wifiBootSteps are bootSteps when the root's network is Wi-Fi.
var wifiBootSteps = []string{layout.StepMount, layout.StepModules, layout.StepWiFi, layout.StepDHCP, layout.StepNFS, layout.StepSwitchRoot}

// The Wi-Fi scenarios' network.
const (
	testSSID       = "airroot-e2e"
	testPassphrase = "correct horse battery staple"
)

// wpa2Network is a WPA2-PSK access point on testSSID.
var wpa2Network = AccessPoint{SSID: testSSID, Passphrase: testPassphrase}

// stationConfig is a wpa_supplicant.conf for one network; passphrase "" is an open
// network, extra lines go into its block.
func stationConfig(ssid, passphrase string, extra ...string) *Station {
	key := "key_mgmt=NONE"
	if passphrase != "" {
		key = "psk=\"" + passphrase + "\""
	}
	lines := append([]string{"network={", "\tssid=\"" + ssid + "\"", "\t" + key}, prefixed("\t", extra)...)
	return &Station{Config: strings.Join(append(lines, "}"), "\n") + "\n"}
}

func prefixed(prefix string, lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = prefix + l
	}
	return out
}

func copyOf(ap AccessPoint) *AccessPoint { return &ap }

// apUp matches the fixture's line once ap is up.
func apUp(ap AccessPoint) Pattern {
	return Pattern{guestproto.FixtureUpLine(ap.SSID, ap.ChannelOrDefault())}
}

// wifiBoot is a Wi-Fi scenario that boots onto the NFS root through ap.
func wifiBoot(name, board string, ap AccessPoint, st *Station, timeout time.Duration) Scenario {
	return Scenario{
		Name: name, Board: board, AccessPoint: &ap, Station: st,
		Expect:     []Pattern{apUp(ap), {TimelinePrefix}},
		ResultMode: guestproto.ModeNewRoot,
		WantSteps:  wifiBootSteps,
		Timeout:    timeout,
	}
}

// Scenarios are the end-to-end boots, run by the e2e test. Timeouts are generous: TCG
// on a shared 2-core machine has been seen to take 17 s of guest time to reach /init.
var Scenarios = []Scenario{
	{
		// DHCP over slirp, NFSv3 root, switch_root; the guest checks the new root.
		Name:       "virt-ethernet",
		Board:      "virt",
		Expect:     []Pattern{{TimelinePrefix}},
		ResultMode: guestproto.ModeNewRoot,
		WantSteps:  bootSteps,
		Timeout:    6 * time.Minute,
	},
	{
		// Nothing listens at the nfsroot port: airroot must keep retrying, not die.
		Name:      "virt-nfs-dead",
		Board:     "virt",
		Server:    ServerDead,
		Expect:    []Pattern{{"airroot: "}},
		StopAfter: Repeat{Pattern: Pattern{"airroot: ", "waiting for"}, Count: 3},
		Timeout:   6 * time.Minute,
	},
	{
		// The NFS root has no /sbin/init: airroot names it and, with rd.shell, runs the
		// initramfs's /bin/sh (the guest in rescue mode) with nothing deleted.
		Name:            "virt-no-init",
		Board:           "virt",
		Cmdline:         []string{"rd.shell"},
		RootWithoutInit: true,
		RescueShell:     true,
		Expect:          []Pattern{{"airroot: ", "/sbin/init"}},
		ResultMode:      guestproto.ModeRescue,
		Timeout:         6 * time.Minute,
	},
	{
		// The USB NIC's driver is in the initramfs but named nowhere: mdev loads it
		// by the USB interface's MODALIAS.
		Name:       "raspi1ap-ethernet",
		Board:      "raspi1ap",
		Expect:     []Pattern{{TimelinePrefix}},
		Require:    []Pattern{loadedBy("cdc_ether", "modalias usb:")},
		Autoload:   &Autoload{Load: NFSModules, Include: []string{"cdc_ether"}},
		ResultMode: guestproto.ModeNewRoot,
		WantSteps:  bootSteps,
		Timeout:    10 * time.Minute,
	},
	// Wi-Fi: the fixture runs first and puts a mac80211_hwsim radio and the NIC, bridged,
	// behind Debian's hostapd in a namespace of their own; airroot only sees wlan0.
	// AIRROOT_E2E_WIFI=0 leaves them out (see SkipReason).
	wifiBoot("virt-wifi-wpa2", "virt", wpa2Network, stationConfig(testSSID, testPassphrase), 8*time.Minute),
	wifiBoot("virt-wifi-open", "virt", AccessPoint{SSID: testSSID}, stationConfig(testSSID, ""), 8*time.Minute),
	wifiBoot("virt-wifi-hidden", "virt", AccessPoint{SSID: testSSID, Passphrase: testPassphrase, Hidden: true},
		stationConfig(testSSID, testPassphrase, "scan_ssid=1"), 8*time.Minute),
	{
		// The station's pass-phrase is wrong: airroot must say so and keep trying.
		Name: "virt-wifi-wrong-passphrase", Board: "virt",
		AccessPoint: copyOf(wpa2Network), Station: stationConfig(testSSID, "not the right pass-phrase"),
		Expect:    []Pattern{apUp(wpa2Network)},
		StopAfter: Repeat{Pattern: Pattern{"airroot: ", "wrong pass-phrase?"}, Count: 2},
		Timeout:   8 * time.Minute,
	},
	{
		// The station asks for a network nobody serves: airroot must name it and what
		// it saw instead (the test access point), and keep trying.
		Name: "virt-wifi-ssid-absent", Board: "virt",
		AccessPoint: copyOf(wpa2Network), Station: stationConfig("nosuchnet", testPassphrase),
		Expect:    []Pattern{apUp(wpa2Network)},
		StopAfter: Repeat{Pattern: Pattern{"airroot: ", `SSID "nosuchnet" not found (seen: `, testSSID}, Count: 1},
		Timeout:   8 * time.Minute,
	},
	virtWiFiAutoload(),
	wifiBoot("raspi1ap-wifi-wpa2", "raspi1ap", wpa2Network, stationConfig(testSSID, testPassphrase), 12*time.Minute),
	// The test bed alone: the access point comes up (hostapd says AP-ENABLED) before
	// airroot starts; the boot stops there. A failure here is the bed's, not airroot's.
	// The SD-card folder airroot build makes from Debian's rpi kernel .deb, booted as
	// the Pi's firmware would boot it (see BootFolderCmdline), over the wired network.
	bootFolderScenario("raspi1ap-bootfolder", "raspi1ap"),
	apOnly("virt-wifi-ap-up", "virt"),
	apOnly("raspi1ap-wifi-ap-up", "raspi1ap"),
	// The keeper's soaks (keeper_scenarios.go): rekeys, deauthentications, short
	// leases, an idle minute.
	rekeySoak(), deauthSoak(), leaseSoak(), idleSoak(),
}

// apOnly is a scenario that ends once the fixture has brought wpa2Network up.
func apOnly(name, board string) Scenario {
	return Scenario{
		Name: name, Board: board,
		AccessPoint: copyOf(wpa2Network), Station: stationConfig(testSSID, testPassphrase),
		Expect:    []Pattern{{"wlan1: AP-ENABLED"}},
		StopAfter: Repeat{Pattern: apUp(wpa2Network), Count: 1},
		Timeout:   5 * time.Minute,
	}
}
