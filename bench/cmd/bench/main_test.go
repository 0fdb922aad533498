package main

import (
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/bench"
	"github.com/google/go-cmp/cmp"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "defaults", args: nil},
		{name: "ethernet", args: []string{"-network", "ethernet", "-boards", "virt", "-runs", "3"}},
		{name: "unknown network", args: []string{"-network", "carrier-pigeon"}, wantErr: "want wifi, ethernet or none"},
		{name: "SAE", args: []string{"-wifi", "sae", "-boards", "virt"}},
		{name: "unknown Wi-Fi security", args: []string{"-wifi", "wep"}, wantErr: "want wpa2 or sae"},
		{name: "idle runs only", args: []string{"-runs", "0"}},
		{name: "no runs", args: []string{"-runs", "0", "-idle-runs", "0"}, wantErr: "a boot to run"},
		{name: "idle runs only, nothing kept", args: []string{"-runs", "0", "-keep-boots=false"}, wantErr: "keeps the timed boots"},
		{name: "seed-004 boots only", args: []string{"-network", "none", "-appliance-runs", "2"}},
		{name: "negative seed-004 boots", args: []string{"-appliance-runs", "-1"}, wantErr: "no negative count"},
		{name: "stray argument", args: []string{"virt"}, wantErr: "unexpected argument"},
		{name: "floor only", args: []string{"-variants", "airroot, floor", "-floor-rounds", "3"}},
		{name: "unknown variant", args: []string{"-variants", "airroot,systemd"}, wantErr: "unknown variant"},
		{name: "floor over Ethernet", args: []string{"-network", "ethernet", "-variants", "floor"}, wantErr: "Wi-Fi only"},
		{name: "no variant", args: []string{"-variants", ","}, wantErr: "no variant"},
		{name: "no floor rounds", args: []string{"-floor-rounds", "0"}, wantErr: "want 1 to 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseFlags(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("parseFlags(%q) error = %v, want %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.runs < 0 || o.network == "" || o.idle != time.Minute {
				t.Errorf("parseFlags(%q) = %+v", tt.args, o)
			}
		})
	}
}

func TestSchedule(t *testing.T) {
	a, s, st, f := bench.VariantAirroot, bench.VariantSeed, bench.VariantSeedTuned, bench.VariantFloor
	boots := schedule("raspi1ap", options{runs: 2, idleRuns: 1, idle: time.Minute, variants: []string{a, s, st, f}})
	var got []string
	for _, b := range boots {
		kind := "timed"
		if b.Idle > 0 {
			kind = "idle"
		}
		got = append(got, b.Variant+"/"+kind)
		if b.Timeout != 8*time.Minute {
			t.Errorf("raspi1ap timeout %v, want 8m", b.Timeout)
		}
	}
	want := []string{a + "/timed", s + "/timed", st + "/timed", f + "/timed", a + "/timed", s + "/timed", st + "/timed", f + "/timed",
		a + "/idle", s + "/idle", st + "/idle"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schedule interleaves the variants (-want +got):\n%s", diff)
	}
}

func TestVariantList(t *testing.T) {
	tests := []struct {
		list, network string
		want          []string
	}{
		{"", "wifi", []string{"airroot", "seed", "seed-tuned", "floor"}},
		{"", "ethernet", []string{"airroot", "seed", "seed-tuned"}},
		{" floor ,airroot", "wifi", []string{"floor", "airroot"}},
	}
	for _, tt := range tests {
		got, err := variantList(tt.list, tt.network)
		if err != nil || !cmp.Equal(got, tt.want) {
			t.Errorf("variantList(%q, %q) = %v, %v; want %v", tt.list, tt.network, got, err, tt.want)
		}
	}
}

func TestBoardList(t *testing.T) {
	if got, err := boardList(" virt, raspi1ap ,"); err != nil || !cmp.Equal(got, []string{"virt", "raspi1ap"}) {
		t.Errorf("boardList = %v, %v", got, err)
	}
	for _, bad := range []string{"", "virt,pdp11"} {
		if _, err := boardList(bad); err == nil {
			t.Errorf("boardList(%q): nil error", bad)
		}
	}
}
