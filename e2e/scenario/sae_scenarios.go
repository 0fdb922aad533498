package scenario

import (
	"slices"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/airroot/airroot/init/layout"
)

// saeScenarios boot over WPA3-Personal (issue 13): hostapd with wpa_key_mgmt=SAE, the
// station with key_mgmt=SAE and psk="..." as the SAE password.
func saeScenarios() []Scenario {
	sae := testbed.AccessPoint{SSID: testSSID, Passphrase: testPassphrase, PMF: 2, KeyMgmt: "SAE"}
	saeStation := pmfStation("key_mgmt=SAE")
	port := Pattern{"airroot: ", "(SAE", "port to"}

	hnp := wifiBoot("virt-wifi-sae", "virt", WiFi{AP: sae, Station: saeStation}, 8*time.Minute)
	hnp.Checks = hnp.Checks.requiring(Pattern{"airroot: ", "SAE with", "hunting-and-pecking"},
		Pattern{"airroot: ", "SAE with", "done in"}, port)

	// The Pi 1's ARMv6 (emulated): SAE's cost shows in "done in".
	pi := wifiBoot("raspi1ap-wifi-sae", "raspi1ap", WiFi{AP: sae, Station: saeStation}, 12*time.Minute)
	pi.Checks = pi.Checks.requiring(Pattern{"airroot: ", "SAE with", "done in"}, port)

	h2eAP := sae
	h2eAP.SAEPWE = 1
	h2e := wifiBoot("virt-wifi-sae-h2e", "virt", WiFi{AP: h2eAP, Station: pmfStation("key_mgmt=SAE", "sae_pwe=1")}, 8*time.Minute)
	h2e.Checks = h2e.Checks.requiring(Pattern{"airroot: ", "SAE with", "hash-to-element"}, port)

	// An access point offering both methods: sae_pwe=2 on both sides picks
	// hash-to-element from the RSNXE.
	bothAP := sae
	bothAP.SAEPWE = 2
	both := wifiBoot("virt-wifi-sae-pwe2", "virt", WiFi{AP: bothAP, Station: pmfStation("key_mgmt=SAE", "sae_pwe=2")}, 8*time.Minute)
	both.Checks = both.Checks.requiring(Pattern{"airroot: ", "SAE with", "hash-to-element"}, port)

	// Transition mode: both AKMs offered, PMF optional; airroot must choose SAE.
	mixedStation := station(testSSID, testPassphrase, "key_mgmt=WPA-PSK SAE")
	mixedStation.Modules = []string{"cmac"}
	mixed := wifiBoot("virt-wifi-sae-transition", "virt", WiFi{
		AP:      testbed.AccessPoint{SSID: testSSID, Passphrase: testPassphrase, PMF: 1, KeyMgmt: "WPA-PSK SAE"},
		Station: mixedStation,
	}, 8*time.Minute)
	mixed.Checks = mixed.Checks.requiring(port)

	// An access point on P-521 only, offering hash-to-element: the station,
	// with the default groups, is refused 19 and 20, then joins on 21 with
	// the two refusals in its Rejected Groups element and its keys
	// (SSWU on P-521, SHA-512), which hostapd checks.
	groupAP := sae
	groupAP.SAEGroups, groupAP.SAEPWE = []int{21}, 2
	group := wifiBoot("virt-wifi-sae-group-retry", "virt", WiFi{AP: groupAP, Station: pmfStation("key_mgmt=SAE", "sae_pwe=2")}, 8*time.Minute)
	group.Checks = group.Checks.requiring(Pattern{"airroot: ", "refuses group 19 (P-256); trying group 20 (P-384)"},
		Pattern{"airroot: ", "refuses group 20 (P-384); trying group 21 (P-521)"},
		Pattern{"airroot: ", "SAE with", "(group 21 (P-521))"}, port)

	clogAP := sae
	clogAP.SAEAntiClogging = true
	clog := wifiBoot("virt-wifi-sae-anti-clogging", "virt", WiFi{AP: clogAP, Station: saeStation}, 8*time.Minute)
	clog.Checks = clog.Checks.requiring(Pattern{"airroot: ", "asks for an anti-clogging token"}, port)

	// The keeper on SAE: rekeys, and two deauthentications it rejoins from with the
	// cached PMKSA (Open System authentication, no SAE).
	keeper := wifiBoot("virt-wifi-sae-keeper", "virt", WiFi{AP: sae, Station: saeStation}, keeperTimeout)
	keeper.Checks.Keeper = &KeeperSoak{
		Soak:      guestproto.Soak{IOSeconds: soakSeconds, RSSAfterSeconds: soakSeconds},
		MinRekeys: 5, MinGroupRekeys: 1, MinPairwiseRekeys: 1,
	}
	keeper.Faults = []Fault{Rekey{GroupEvery: groupRekeyEvery, PTKEvery: ptkRekeyEvery},
		Deauth{At: []float64{20, 45}, MaxReconnect: maxReconnect}}
	keeper.Checks = keeper.Checks.requiring(cachedRejoin)

	for _, s := range []*Scenario{&hnp, &pi, &h2e, &both, &group, &mixed, &clog, &keeper} {
		s.Checks = s.Checks.timing(layout.StepSAE)
	}
	return []Scenario{hnp, pi, h2e, both, group, mixed, clog, keeper, {
		// The SAE password is wrong: airroot must say so and keep trying.
		Name: "virt-wifi-sae-wrong-password", Board: "virt",
		Network: WiFi{AP: sae, Station: pmfStation("key_mgmt=SAE", `sae_password="not the right password"`)},
		Checks: Checks{
			Expect:    []Pattern{apUp(sae)},
			StopAfter: Repeat{Pattern: Pattern{"airroot: ", "SAE with", "wrong pass-phrase?"}, Count: 2},
		},
		Timeout: 8 * time.Minute,
	}}
}

// timing is c that also requires airroot's timeline to have the step name,
// and to show it took time: report.json carries its duration.
func (c Checks) timing(name string) Checks {
	c.Steps = append(slices.Clone(c.Steps), name)
	c.Timed = append(c.Timed, name)
	return c
}
