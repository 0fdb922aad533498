package scenario

import (
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// The network the card is edited to name, and the access point moved to.
const movedSSID, movedPassphrase = "airroot-e2e-moved", "a new pass-phrase, typed on a Mac"

// moved is the access point after the move, and the card's new
// wpa_supplicant.conf with its pass-phrase in clear, as a user types it.
var moved = wpa2Network(movedSSID, movedPassphrase)

// applianceChecks are what an appliance boot from the card that names w
// shows: the access point up, the card's networks taken with the advice on
// the clear pass-phrase, the app started from the card, and the app's
// result; w joined, before or after the app started (on virt the app starts
// first; on raspi1ap, whose card is read later, the network is up first).
func applianceChecks(w WiFi) Checks {
	return Checks{
		Expect: []Pattern{apUp(w.AP), cardNetworks(w.AP.SSID), clearPassphrase,
			{"airroot: ", "app: started /boot/" + CardApp}},
		Require: []Pattern{joined(w.AP.SSID)},
		Result:  guestproto.ModeApp,
	}
}

// rebootScenarios boot an appliance whose networks are only on the card
// (the initramfs names one nobody serves), then edit the card to another
// SSID and pass-phrase, move the access point to match and boot again:
// it joins the new network, nothing rebuilt (reboot.go).
func rebootScenarios() []Scenario {
	pi := Scenario{
		Name: "raspi1ap-wifi-card-reboot", Board: "raspi1ap", Network: wpa2,
		Boot: Boot{Card: &Card{WiFi: true, App: true,
			Reboot: &CardReboot{Network: moved, Checks: applianceChecks(moved)}}},
		Checks:  applianceChecks(wpa2),
		Timeout: 15 * time.Minute,
	}
	virt := pi
	virt.Name, virt.Board, virt.Timeout = "virt-wifi-card-reboot", "virt", 8*time.Minute
	return []Scenario{pi, virt}
}
