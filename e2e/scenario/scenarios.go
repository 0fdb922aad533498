package scenario

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/airroot/airroot/init/layout"
)

// Scenarios are the end-to-end boots, run by the e2e test. Timeouts are generous: TCG
// on a shared 2-core machine has been seen to take 17 s of guest time to reach /init.
var Scenarios = append([]Scenario{
	{
		// DHCP over slirp, NFSv3 root from ganesha, switch_root; the guest checks the new root.
		Name: "virt-ethernet", Board: "virt", Network: Ethernet{},
		Root:    ganesha(""),
		Checks:  newRoot(bootSteps),
		Timeout: 6 * time.Minute,
	},
	fleetScenario(),
	fleetNFS4(),
	{
		// Nothing listens at the nfsroot port: airroot must keep retrying, not die.
		Name: "virt-nfs-dead", Board: "virt", Network: Ethernet{},
		Faults: []Fault{DeadNFS{}},
		Checks: Checks{
			Expect:    []Pattern{{"airroot: "}},
			StopAfter: Repeat{Pattern: Pattern{"airroot: ", "waiting for"}, Count: 3},
		},
		Timeout: 6 * time.Minute,
	},
	{
		// The NFS root has no /sbin/init: airroot names it and, with rd.shell, runs the
		// initramfs's /bin/sh (the guest in rescue mode) with nothing deleted.
		Name: "virt-no-init", Board: "virt", Network: Ethernet{},
		Root:    Root{WithoutInit: true},
		Boot:    Boot{Cmdline: []string{"rd.shell"}, RescueShell: true},
		Checks:  Checks{Expect: []Pattern{{"airroot: ", "/sbin/init"}}, Result: guestproto.ModeRescue},
		Timeout: 6 * time.Minute,
	},
	{
		// The USB NIC's driver is in the initramfs but named nowhere: mdev loads it
		// by the USB interface's MODALIAS.
		Name: "raspi1ap-ethernet", Board: "raspi1ap", Network: Ethernet{},
		Root:    ganesha(""),
		Boot:    Boot{Autoload: &Autoload{Load: nfsModules, Include: []string{"cdc_ether"}}},
		Checks:  newRoot(bootSteps).requiring(loadedBy("cdc_ether", "modalias usb:")),
		Timeout: 10 * time.Minute,
	},
	// Wi-Fi: the fixture runs first and puts a mac80211_hwsim radio and the NIC, bridged,
	// behind Debian's hostapd in a namespace of their own; airroot only sees wlan0.
	// AIRROOT_E2E_WIFI=0 leaves them out (see SkipReason).
	withRoot(wifiBoot("virt-wifi-wpa2", "virt", wpa2, 8*time.Minute), ganesha("")),
	wifiBoot("virt-wifi-open", "virt", WiFi{AP: testbed.AccessPoint{SSID: testSSID}, Station: station(testSSID, "")}, 8*time.Minute),
	wifiBoot("virt-wifi-hidden", "virt", WiFi{
		AP:      testbed.AccessPoint{SSID: testSSID, Passphrase: testPassphrase, Hidden: true},
		Station: station(testSSID, testPassphrase, "scan_ssid=1"),
	}, 8*time.Minute),
	{
		// The station's pass-phrase is wrong: airroot must say so and keep trying.
		Name: "virt-wifi-wrong-passphrase", Board: "virt",
		Network: WiFi{AP: wpa2.AP, Station: station(testSSID, "not the right pass-phrase")},
		Checks: Checks{
			Expect:    []Pattern{apUp(wpa2.AP)},
			StopAfter: Repeat{Pattern: Pattern{"airroot: ", "wrong pass-phrase?"}, Count: 2},
		},
		Timeout: 8 * time.Minute,
	},
	{
		// The station asks for a network nobody serves: airroot must name it and what
		// it saw instead (the test access point), and keep trying.
		Name: "virt-wifi-ssid-absent", Board: "virt",
		Network: WiFi{AP: wpa2.AP, Station: station("nosuchnet", testPassphrase)},
		Checks: Checks{
			Expect:    []Pattern{apUp(wpa2.AP)},
			StopAfter: Repeat{Pattern: Pattern{"airroot: ", `SSID "nosuchnet" not found (seen: `, testSSID}, Count: 1},
		},
		Timeout: 8 * time.Minute,
	},
	{
		// The board's radio is gone (its driver, in effect, missing) and a USB
		// controller without its driver sits on the PCI bus: airroot must say that
		// no radio came and name that device, its IDs, its modalias and that no
		// module of the initramfs claims it.
		Name: "virt-wifi-no-radio", Board: "virt", Network: wpa2,
		Faults: []Fault{NoRadio{}},
		Checks: Checks{
			Expect: []Pattern{apUp(wpa2.AP)},
			StopAfter: Repeat{Pattern: Pattern{"airroot: ", "no wireless interface after 10s (have: ",
				"; without a driver: ", "PCI 1b36:000d at ", "(modalias pci:v00001B36d0000000D",
				"): no module in the initramfs claims it"}, Count: 1},
		},
		Timeout: 6 * time.Minute,
	},
	virtWiFiAutoload(),
	dhcpRoot(),
	dnsmasqRoot("virt", 8*time.Minute),
	staticIP(wifiBoot("virt-wifi-static", "virt", wpa2, 8*time.Minute), "wlan0"),
	mixedWPA(),
	staticIP(Scenario{Name: "virt-ethernet-static", Board: "virt", Network: Ethernet{}, Checks: newRoot(bootSteps), Timeout: 6 * time.Minute}, ""),
	withRoot(wifiBoot("raspi1ap-wifi-wpa2", "raspi1ap", wpa2, 12*time.Minute), ganesha("")),
	dnsmasqRoot("raspi1ap", 12*time.Minute),
	{
		// The SD-card folder airroot build makes from Debian's rpi kernel .deb, booted as
		// the Pi's firmware would boot it (see BootFolder.Cmdline), over the wired network.
		Name: "raspi1ap-bootfolder", Board: "raspi1ap", Network: Ethernet{},
		Boot:    Boot{BootFolder: true},
		Checks:  newRoot(bootSteps),
		Timeout: 10 * time.Minute,
	},
	// The test bed alone: the access point comes up (hostapd says AP-ENABLED) before
	// airroot starts; the boot stops there. A failure here is the bed's, not airroot's.
	apOnly("virt-wifi-ap-up", "virt"),
	apOnly("raspi1ap-wifi-ap-up", "raspi1ap"),
	// The keeper's soaks (keeper_scenarios.go): rekeys, deauthentications, short
	// leases, a NAKed renewal, an idle minute, a pulled cable, a router restart.
	rekeySoak(), deauthSoak(), leaseSoak(), nakSoak(), rebindSoak(), movedSoak(), idleSoak(), crashSoak(), cableSoak(), routerRestartSoak(),
	// Hostile radios, PMF, and the handshake's paths: attack_scenarios.go.
}, slices.Concat(nfs4Scenarios(), attackScenarios(), eapScenarios(), saeScenarios(), cardScenarios(), badDayScenarios())...)

// bootSteps are the step names airroot's timeline must have after a full boot.
var bootSteps = []string{layout.StepMount, layout.StepModules, layout.StepLink, layout.StepDHCP, layout.StepNFS, layout.StepSwitchRoot}

// wifiBootSteps are bootSteps when the root's network is Wi-Fi.
var wifiBootSteps = []string{layout.StepMount, layout.StepModules, layout.StepWiFi, layout.StepDHCP, layout.StepNFS, layout.StepSwitchRoot}

// The Wi-Fi scenarios' network.
const (
	testSSID       = "airroot-e2e"
	testPassphrase = "correct horse battery staple"
)

// wpa2 is a WPA2-PSK access point on testSSID and a station that knows its pass-phrase.
var wpa2 = wpa2Network(testSSID, testPassphrase)

// wpa2Network is a WPA2-PSK access point on ssid and a station that knows its
// pass-phrase, in clear.
func wpa2Network(ssid, passphrase string) WiFi {
	return WiFi{AP: testbed.AccessPoint{SSID: ssid, Passphrase: passphrase}, Station: station(ssid, passphrase)}
}

// station is a wpa_supplicant.conf for one network; passphrase "" is an open
// network, extra lines go into its block.
func station(ssid, passphrase string, extra ...string) Station {
	key := "key_mgmt=NONE"
	if passphrase != "" {
		key = "psk=\"" + passphrase + "\""
	}
	lines := []string{"network={", "\tssid=\"" + ssid + "\"", "\t" + key}
	for _, l := range extra {
		lines = append(lines, "\t"+l)
	}
	return Station{Config: strings.Join(append(lines, "}"), "\n") + "\n"}
}

// newRoot checks a boot that reaches the new root: airroot's timeline with steps,
// then the guest's passing result.
func newRoot(steps []string) Checks {
	return Checks{Expect: []Pattern{{machine.TimelinePrefix}}, Result: guestproto.ModeNewRoot, Steps: steps}
}

// requiring is c that also requires lines matching each of ps, anywhere.
func (c Checks) requiring(ps ...Pattern) Checks {
	c.Require = append(c.Require, ps...)
	return c
}

// apUp matches the fixture's line once ap is up.
func apUp(ap testbed.AccessPoint) Pattern {
	return Pattern{guestproto.FixtureUpLine(ap.SSID, ap.ChannelOrDefault())}
}

// wifiBoot is a Wi-Fi scenario that boots onto the NFS root through w's access point.
func wifiBoot(name, board string, w WiFi, timeout time.Duration) Scenario {
	c := newRoot(wifiBootSteps)
	c.Expect = append([]Pattern{apUp(w.AP)}, c.Expect...)
	return Scenario{Name: name, Board: board, Network: w, Checks: c, Timeout: timeout}
}

// nfs4Scenarios are the main boots again over NFSv4, from ganesha serving NFSv4
// alone (no rpcbind, no MOUNT), each minor version on some board; the console must show
// airroot mounting type nfs4 with that version.
func nfs4Scenarios() []Scenario {
	scenarios := []Scenario{
		{Name: "virt-ethernet-nfs4", Board: "virt", Network: Ethernet{}, Root: ganesha("4.2"),
			Checks: newRoot(bootSteps), Timeout: 6 * time.Minute},
		{Name: "virt-ethernet-nfs40", Board: "virt", Network: Ethernet{}, Root: ganesha("4.0"),
			Checks: newRoot(bootSteps), Timeout: 6 * time.Minute},
		{Name: "raspi1ap-ethernet-nfs4", Board: "raspi1ap", Network: Ethernet{}, Root: ganesha("4.1"),
			Boot:    Boot{Autoload: &Autoload{Load: nfs4Modules, Include: []string{"cdc_ether"}}},
			Checks:  newRoot(bootSteps).requiring(loadedBy("cdc_ether", "modalias usb:")),
			Timeout: 10 * time.Minute},
		withRoot(wifiBoot("virt-wifi-wpa2-nfs4", "virt", wpa2, 8*time.Minute), ganesha("4.1")),
		withRoot(wifiBoot("raspi1ap-wifi-wpa2-nfs4", "raspi1ap", wpa2, 12*time.Minute), ganesha("4.2")),
	}
	for i, s := range scenarios {
		scenarios[i].Checks = s.Checks.requiring(Pattern{"nfs: mount ", " type nfs4 (", "vers=" + s.Root.Vers})
	}
	return scenarios
}

// ganesha is a root served by nfs-ganesha at /srv/airroot, mounted with vers (""
// is 3).
func ganesha(vers string) Root {
	return Root{Server: Ganesha, Export: "/srv/airroot", Vers: vers}
}

// withRoot is s with root r.
func withRoot(s Scenario, r Root) Scenario {
	s.Root = r
	return s
}

// dhcpRoot: nfsroot= names the server and options but no directory, so the NFS root
// is the root-path the access point's DHCP server sends, the one path the NFS server
// exports; the lease also names the board, and the new root's init must see that name.
func dhcpRoot() Scenario {
	w := wpa2
	w.AP.DHCP = &testbed.DHCPServer{LeaseSeconds: 3600, Hostname: "airroot-e2e-board"}
	s := wifiBoot("virt-wifi-dhcp-root", "virt", w, 8*time.Minute)
	s.Root = Root{Export: "/srv/airroot", PathFromDHCP: true}
	return s
}

// dnsmasqRoot is dhcpRoot with Debian's dnsmasq as the access point's DHCP server, set
// up as users set it up for a Pi: the root-path as SERVER:/PATH (dhcp-option=17), the
// board's MAC pinned to an address that is not the range's first, under a name
// (dhcp-host=MAC,IP,NAME). The guest checks the address and uname -n; the console
// must show dnsmasq's ACK and airroot mounting the path dnsmasq named.
func dnsmasqRoot(board string, timeout time.Duration) Scenario {
	const name = "airroot-e2e-board"
	w := wpa2
	w.AP.DHCP = &testbed.DHCPServer{LeaseSeconds: 3600, Hostname: name, Dnsmasq: true}
	s := wifiBoot(board+"-wifi-dnsmasq", board, w, timeout)
	s.Root = ganesha("")
	s.Root.PathFromDHCP = true
	s.Checks = s.Checks.requiring(
		Pattern{"fixture: dnsmasq: ", "DHCPACK(wlan1) " + testbed.PinnedAddr + " " + testbed.StationMAC + " " + name},
		Pattern{"airroot: ", "nfs: mount " + machine.HostAddr + ":" + s.Root.Export + " on "})
	return s
}

// mixedWPA boots through a router in WPA/WPA2 mixed mode with the station's usual
// network block (no group=): airroot joins with CCMP for its own frames and TKIP
// for the group's, as wpa_supplicant does, and says so. The host's ARP requests
// reach the board as broadcast frames under the TKIP group key.
func mixedWPA() Scenario {
	w := wpa2
	w.AP.MixedWPA = true
	s := wifiBoot("virt-wifi-mixed", "virt", w, 8*time.Minute)
	s.Checks = s.Checks.requiring(Pattern{"airroot: ", "uses TKIP for broadcast and multicast frames"},
		Pattern{"airroot: ", "installed group key index ", " TKIP "})
	return s
}

// staticIP is s with a static ip= naming device (none: the first with a link, as
// the kernel's ipconfig picks) instead of ip=dhcp: no DHCP step but an address
// step, the address and name in airroot's log, and the guest checks the board
// holds them.
func staticIP(s Scenario, device string) Scenario {
	ip := StaticIP{Addr: "10.0.2.50", Hostname: "airroot-static", Device: device}
	s.Boot.StaticIP = &ip
	s.Checks.Steps = slices.Clone(s.Checks.Steps)
	s.Checks.Steps[slices.Index(s.Checks.Steps, layout.StepDHCP)] = layout.StepAddress
	s.Checks = s.Checks.requiring(Pattern{"airroot: ", "address: ", " is " + ip.Addr + "/24, gateway " + machine.HostAddr})
	return s
}

// apOnly is a scenario that ends once the fixture has brought wpa2's access point up.
func apOnly(name, board string) Scenario {
	return Scenario{
		Name: name, Board: board, Network: wpa2,
		Checks: Checks{
			Expect:    []Pattern{{"wlan1: AP-ENABLED"}},
			StopAfter: Repeat{Pattern: apUp(wpa2.AP), Count: 1},
		},
		Timeout: 5 * time.Minute,
	}
}

// cardScenarios boot with a card (card.go): its wpa_supplicant.conf is the only Wi-Fi
// configuration airroot has.
func cardScenarios() []Scenario {
	fromCard := cardNetworks(testSSID)
	started := Pattern{"airroot: ", "app: started /boot/" + CardApp}
	// Appliance mode: no NFS root; the guest runs from the card as box, reaches the host
	// over Wi-Fi and prints its result in mode app.
	app := Scenario{
		Name: "virt-wifi-appliance", Board: "virt", Network: wpa2,
		Boot: Boot{Card: &Card{WiFi: true, App: true}},
		Checks: Checks{
			Expect: []Pattern{apUp(wpa2.AP), fromCard, started},
			Result: guestproto.ModeApp,
		},
		Timeout: 8 * time.Minute,
	}
	// An NFS root whose Wi-Fi networks come from the card (airroot.bootpart=).
	nfs := wifiBoot("virt-wifi-card-nfsroot", "virt", wpa2, 8*time.Minute)
	nfs.Boot = Boot{Card: &Card{WiFi: true}, Cmdline: []string{"airroot.bootpart=LABEL=airboot"}}
	nfs.Checks = nfs.Checks.requiring(fromCard)
	// The app fails twice (the guest's fail-first=2, after "--"): airroot logs each end
	// with its status and count, starts it again after 1 s then 2 s, and the third run
	// passes.
	restart := app
	restart.Name = "virt-wifi-appliance-restart"
	restart.Boot.Cmdline = []string{"--", "fail-first=2"}
	ended := func(n int) Pattern {
		return Pattern{"airroot: ", "app: /boot/" + CardApp + " ended: exit status 1 (" + strconv.Itoa(n) + " ended, " + strconv.Itoa(n) + " failed)"}
	}
	restart.Checks.Expect = append(slices.Clone(app.Checks.Expect),
		Pattern{"guest: app run 1: failing on purpose"}, ended(1), Pattern{"airroot: ", "app: starting /boot/" + CardApp + " again in 1s"},
		Pattern{"guest: app run 2: failing on purpose"}, ended(2), Pattern{"airroot: ", "app: starting /boot/" + CardApp + " again in 2s"})
	// The same on the Pi 1 B+, with the card in its SD slot (-drive if=sd).
	pi := app
	pi.Name, pi.Board, pi.Timeout = "raspi1ap-wifi-appliance", "raspi1ap", 15*time.Minute
	// The appliance with airroot.automount: a USB stick plugged in through QEMU's
	// monitor once the app is up, read by the app from /media, pulled out (stick.go).
	usb := withStick(app, "virt-wifi-appliance-usb")
	// On the Pi without its USB NIC: QEMU 7.2's raspi1ap has one USB root port, which
	// the NIC's hub takes, and a stick on that hub hangs the guest (e2e-recipe.md).
	// No network then: the app checks the card and the stick, and says so on the console.
	piUSB := withStick(Scenario{
		Board: "raspi1ap", Network: NoNetwork{}, Boot: Boot{Card: &Card{App: true}},
		Checks:  Checks{Expect: []Pattern{started}, Result: guestproto.ModeApp},
		Timeout: 10 * time.Minute,
	}, "raspi1ap-appliance-usb")
	return append([]Scenario{app, nfs, restart, pi, usb, piUSB}, rebootScenarios()...)
}
