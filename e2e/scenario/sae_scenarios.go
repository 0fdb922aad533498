package scenario

import (
	"time"

	"github.com/airroot/airroot/e2e/testbed"
)

// saeScenarios boot over WPA3-Personal (issue 13): hostapd with wpa_key_mgmt=SAE and
// PMF required, the station with key_mgmt=SAE and psk="..." as the SAE password, by
// hunting-and-pecking and by hash-to-element.
func saeScenarios() []Scenario {
	hnp := wifiBoot("virt-wifi-sae", "virt", WiFi{
		AP:      testbed.AccessPoint{SSID: testSSID, Passphrase: testPassphrase, PMF: 2, KeyMgmt: "SAE"},
		Station: pmfStation("key_mgmt=SAE"),
	}, 8*time.Minute)
	hnp.Checks = hnp.Checks.requiring(
		Pattern{"airroot: ", "SAE with", "hunting-and-pecking"},
		Pattern{"airroot: ", "SAE with", "done in"},
		Pattern{"airroot: ", "(SAE", "port to"})

	h2e := wifiBoot("virt-wifi-sae-h2e", "virt", WiFi{
		AP:      testbed.AccessPoint{SSID: testSSID, Passphrase: testPassphrase, PMF: 2, KeyMgmt: "SAE", SAEPWE: 1},
		Station: pmfStation("key_mgmt=SAE", "sae_pwe=1"),
	}, 8*time.Minute)
	h2e.Checks = h2e.Checks.requiring(
		Pattern{"airroot: ", "SAE with", "hash-to-element"},
		Pattern{"airroot: ", "(SAE", "port to"})
	return []Scenario{hnp, h2e}
}
