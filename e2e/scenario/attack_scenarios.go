package scenario

import (
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/testbed"
)

// The hostile-radio and PMF scenarios (issue 12): each boots over Wi-Fi and, for most,
// soaks the keeper for attackSoakSeconds while the test bed misbehaves once.
const (
	attackSoakSeconds = 30
	attackAt          = 10 // seconds into the soak's I/O
	// restartReconnect bounds the rejoin after the access point forgot the station
	// (from the kill or the forgetting): the station's next frame draws an
	// unprotected deauthentication, its SA Query times out (802.11-2020 11.13: about a
	// second), or its beacons stop; then scans until it is back, and a handshake.
	restartReconnect = 30 * time.Second
	// restartDownSeconds is how long the killed access point stays silent before a
	// new hostapd starts: longer than mac80211 takes to call a silent access point
	// lost (a few missed beacons, then unanswered probes: about two seconds).
	restartDownSeconds = 5
	// restartSoakSeconds is the restart's I/O: after an outage of about ten seconds
	// the NFS client's TCP retransmission timer has doubled several times (RFC 6298
	// 5.5), so its next try can come 10-15 s after the link is back (23 s of stall
	// seen once): 30 s of I/O would end before it.
	restartSoakSeconds = 60
	// firstNetworkSeconds is how long an open network with the configured SSID is all
	// there is before the real one appears.
	firstNetworkSeconds = 20
	attackPTKRekeyEvery = 10
)

// pmfStation joins testSSID with PMF required; BIP needs cmac in the initramfs.
func pmfStation(extra ...string) Station {
	s := station(testSSID, testPassphrase, append(extra, "ieee80211w=2")...)
	s.Modules = []string{"cmac"}
	return s
}

// pmfWPA2 is a WPA2-PSK access point that requires PMF, and a station that does too.
var pmfWPA2 = WiFi{
	AP:      testbed.AccessPoint{SSID: testSSID, Passphrase: testPassphrase, PMF: 2},
	Station: pmfStation(),
}

// handshakeLine matches the console line that names the handshake and the AKM once
// the port opens.
func handshakeLine(what string) Pattern {
	return Pattern{"airroot: ", "4-way handshake by the host supplicant (" + what + ")"}
}

// attackScenarios are the scenarios of issue 12.
func attackScenarios() []Scenario {
	sha256 := wifiBoot("virt-wifi-psk-sha256", "virt", WiFi{
		AP:      testbed.AccessPoint{SSID: testSSID, Passphrase: testPassphrase, PMF: 2, KeyMgmt: "WPA-PSK-SHA256"},
		Station: pmfStation("key_mgmt=WPA-PSK-SHA256"),
	}, 8*time.Minute)
	// The line that opens the port names the AKM.
	sha256.Checks = sha256.Checks.requiring(Pattern{"airroot: ", "WPA-PSK-SHA256", "port to"})

	openFirst := wifiBoot("virt-wifi-open-first", "virt", wpa2, 8*time.Minute)
	openFirst.Faults = []Fault{FirstNetwork{AP: testbed.AccessPoint{SSID: testSSID}, Seconds: firstNetworkSeconds}}
	// airroot must have seen the open network, and kept scanning.
	openFirst.Checks = openFirst.Checks.requiring(Pattern{"airroot: ", "is an open network", "keeps scanning"})

	packet := attackSoak("virt-wifi-eapol-packet", wpa2, KeeperSoak{MinRekeys: 1, MinPairwiseRekeys: 1},
		Rekey{PTKEvery: attackPTKRekeyEvery})
	packet.Boot.Cmdline = []string{"airroot.wifi.handshake=host", "airroot.wifi.eapol=packet"}
	packet.Checks = packet.Checks.requiring(handshakeLine("WPA-PSK, EAPOL over AF_PACKET"))

	// hostapd killed, its access point silent for restartDownSeconds, a new hostapd.
	restart := attackSoak("virt-wifi-pmf-ap-restart", pmfWPA2, KeeperSoak{},
		APRestart{At: attackAt, DownSeconds: restartDownSeconds, MaxReconnect: restartReconnect})
	restart.Checks.Keeper.Soak.IOSeconds = restartSoakSeconds
	restart.Checks.Keeper.Soak.RSSAfterSeconds = restartSoakSeconds
	restart.Checks = restart.Checks.requiring(
		Pattern{guestproto.FixtureLogPrefix + "access point: hostapd (pid ", ") killed"},
		Pattern{guestproto.FixtureLogPrefix + "access point: hostapd restarted (pid "},
		leaseConfirmed)

	return []Scenario{
		sha256,
		restart,
		// A simulation of it: hostapd forgets the station without a word (DEAUTHENTICATE
		// tx=0) while its beacons go on, so only SA Query can tell.
		attackSoak("virt-wifi-pmf-ap-restart-simulated", pmfWPA2, KeeperSoak{},
			Deauth{At: []float64{attackAt}, MaxReconnect: restartReconnect, Silently: true}),
		// Without PMF the clear message 1 is answered in the clear, a new handshake the
		// access point ignores; the installed keys stay in use.
		attackSoak("virt-wifi-eapol-msg1-injected", wpa2, KeeperSoak{},
			Inject{At: attackAt, Frame: guestproto.FrameEAPOLMessage1, Answered: true}),
		forgedDeauth(),
		openFirst,
		packet,
	}
}

// forgedDeauth: the attacker's unprotected deauthentication under PMF is ignored, and
// the keeper's SA Query (802.11-2020 11.13) is answered by the real access point (the
// guest finds that line in the kernel log: attackProblems). After the switch the
// keeper logs such details only with airroot.debug.
func forgedDeauth() Scenario {
	s := attackSoak("virt-wifi-pmf-forged-deauth", pmfWPA2, KeeperSoak{}, Inject{At: attackAt, Frame: guestproto.FrameDeauth})
	s.Boot.Cmdline = []string{"airroot.debug"}
	return s
}

// attackSoak is a boot through w whose guest then does attackSoakSeconds of file I/O
// while faults strike, its figures judged as k says.
func attackSoak(name string, w WiFi, k KeeperSoak, faults ...Fault) Scenario {
	s := wifiBoot(name, "virt", w, keeperTimeout)
	k.Soak = guestproto.Soak{IOSeconds: attackSoakSeconds, RSSAfterSeconds: attackSoakSeconds}
	s.Checks.Keeper, s.Faults = &k, faults
	return s
}
