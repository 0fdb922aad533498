package scenario

import (
	"fmt"

	"github.com/airroot/airroot/e2e/machine"
)

// WiFiEnv=0 leaves the Wi-Fi scenarios out (they need the most time); they run
// by default.
const WiFiEnv = "AIRROOT_E2E_WIFI"

// WiFiEnabled reads WiFiEnv's value.
func WiFiEnabled(value string) bool { return value != "0" }

// SkipReason says why s does not run with the selected boards and with Wi-Fi
// scenarios on or off; "" means it runs.
func SkipReason(s Scenario, boards map[string]bool, wifi bool) string {
	switch {
	case !boards[s.Board]:
		return fmt.Sprintf("board %s is not in AIRROOT_E2E_BOARDS (default %q)", s.Board, machine.DefaultBoards)
	case isWiFi(s) && !wifi:
		return "Wi-Fi scenarios are off: " + WiFiEnv + "=0"
	}
	return ""
}
