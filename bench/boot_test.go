package bench

import "testing"

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
