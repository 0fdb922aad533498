package scenario

import (
	"strings"
	"testing"
)

func TestSkipReason(t *testing.T) {
	ethernet := Scenario{Name: "virt-ethernet", Board: "virt", Network: Ethernet{}}
	wifi := Scenario{Name: "virt-wifi-wpa2", Board: "virt", Network: WiFi{}}
	onlyPi := map[string]bool{"raspi1ap": true}
	both := map[string]bool{"virt": true, "raspi1ap": true}
	tests := []struct {
		name   string
		s      Scenario
		boards map[string]bool
		wifi   bool
		want   string // a substring; "" means it runs
	}{
		{name: "ethernet runs", s: ethernet, boards: both},
		{name: "ethernet on an unselected board", s: ethernet, boards: onlyPi, want: "board virt is not in AIRROOT_E2E_BOARDS"},
		{name: "wifi off", s: wifi, boards: both, want: "Wi-Fi scenarios are off: AIRROOT_E2E_WIFI=0"},
		{name: "wifi on", s: wifi, boards: both, wifi: true},
		{name: "wifi on, board unselected", s: wifi, boards: onlyPi, wifi: true, want: "board virt is not in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SkipReason(tt.s, tt.boards, tt.wifi)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("SkipReason() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWiFiEnabled(t *testing.T) {
	for value, want := range map[string]bool{"1": true, "": true, "0": false, "yes": true} {
		if got := WiFiEnabled(value); got != want {
			t.Errorf("WiFiEnabled(%q) = %v, want %v", value, got, want)
		}
	}
}
