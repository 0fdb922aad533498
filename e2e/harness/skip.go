package harness

import "fmt"

// WiFiEnv turns the Wi-Fi scenarios on (=1); they are off by default for now.
const WiFiEnv = "AIRROOT_E2E_WIFI"

// WiFiEnabled reads WiFiEnv's value.
func WiFiEnabled(value string) bool { return value == "1" }

// SkipReason says why s does not run with the selected boards and with Wi-Fi
// scenarios on or off; "" means it runs.
func SkipReason(s Scenario, boards map[string]bool, wifi bool) string {
	switch {
	case !boards[s.Board]:
		return fmt.Sprintf("board %s is not in AIRROOT_E2E_BOARDS (default %q)", s.Board, DefaultBoards)
	case s.AccessPoint != nil && !wifi:
		return "Wi-Fi scenarios are off by default: set " + WiFiEnv + "=1 to run them"
	}
	return ""
}
