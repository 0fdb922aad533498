package bench

import (
	"testing"
	"time"
)

func TestRigScenario(t *testing.T) {
	tests := []struct {
		rig         Rig
		board, want string
	}{
		{Rig{Network: "wifi", WiFi: "wpa2"}, "virt", "virt-wifi-wpa2"},
		{Rig{Network: "wifi", WiFi: "sae"}, "virt", "virt-wifi-sae"},
		{Rig{Network: "wifi", WiFi: "sae"}, "raspi1ap", "raspi1ap-wifi-sae"},
		{Rig{Network: "ethernet", WiFi: "sae"}, "virt", "virt-ethernet"},
	}
	for _, tt := range tests {
		s, err := tt.rig.Scenario(tt.board)
		if err != nil || s.Name != tt.want {
			t.Errorf("%+v.Scenario(%q) = %q, %v; want %q", tt.rig, tt.board, s.Name, err, tt.want)
		}
	}
}

func TestFloorParams(t *testing.T) {
	tests := []struct {
		rig     Rig
		variant string
		want    string
	}{
		{Rig{FloorRounds: 3}, VariantFloor, " airroot_bench_floor_rounds=3"},
		{Rig{}, VariantFloor, ""}, // the program's default
		{Rig{FloorRounds: 3}, VariantAirroot, ""},
	}
	for _, tt := range tests {
		if got := tt.rig.floorParams(Boot{Variant: tt.variant}); got != tt.want {
			t.Errorf("floorParams(%s) with %d rounds = %q, want %q", tt.variant, tt.rig.FloorRounds, got, tt.want)
		}
	}
}

func TestRejoining(t *testing.T) {
	tests := []struct {
		network string
		bt      Boot
		want    bool
	}{
		{"wifi", Boot{Variant: VariantAirroot, Idle: time.Minute}, true},
		{"wifi", Boot{Variant: VariantSeedTuned, Idle: time.Minute}, true},
		{"wifi", Boot{Variant: VariantAirroot}, false}, // a timed run
		{"wifi", Boot{Variant: VariantFloor, Idle: time.Minute}, false},
		{"ethernet", Boot{Variant: VariantAirroot, Idle: time.Minute}, false},
	}
	for _, tt := range tests {
		r := &Rig{Network: tt.network}
		if got := r.rejoining(tt.bt); got != tt.want {
			t.Errorf("rejoining(%s, %+v) = %v, want %v", tt.network, tt.bt, got, tt.want)
		}
	}
	req := rejoinRequest(40123)
	if got, want := req.Param(), "airroot_bench_rejoin=10.0.2.2:40123,/dev/hostapd/wlan1,/dev/e2e-ap-restart"; got != want {
		t.Errorf("rejoinRequest(40123).Param() = %q, want %q", got, want)
	}
}
