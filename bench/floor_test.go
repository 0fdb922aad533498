package bench

import (
	"os"
	"strings"
	"testing"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/google/go-cmp/cmp"
)

func TestWatcherFloorConsole(t *testing.T) {
	data, err := os.ReadFile("testdata/floor-virt.console.log")
	if err != nil {
		t.Fatal(err)
	}
	w := NewWatcher("wlan0", false)
	if done := feed(w, string(data)); done < 0 {
		t.Fatal("the recorded floor boot never ended the watch")
	}
	got := w.Durations()
	for _, ph := range FloorPhases {
		want := 3 // the boot ran airroot_bench_floor_rounds=3
		if ph.Name == FloorSwitch {
			want = 1
		}
		if len(got[ph.Name]) != want {
			t.Errorf("phase %s: %d figures %v, want %d", ph.Name, len(got[ph.Name]), got[ph.Name], want)
		}
	}
	if diff := cmp.Diff([]float64{0.869712, 0.95892, 0.912721}, got[benchproto.FloorModules]); diff != "" {
		t.Errorf("module passes (-want +got):\n%s", diff)
	}
	// switch_start 12.923747, the new root's init at 15.06.
	if diff := cmp.Diff([]float64{2.136}, got[FloorSwitch]); diff != "" {
		t.Errorf("switch_root (-want +got):\n%s", diff)
	}
	if _, ok := got[benchproto.FloorSwitchStart]; ok {
		t.Error("the switch's start uptime is reported as a duration")
	}
}

func TestWatcherAirrootConsole(t *testing.T) {
	data, err := os.ReadFile("testdata/airroot-virt.console.log")
	if err != nil {
		t.Fatal(err)
	}
	w := NewWatcher("wlan0", false)
	if done := feed(w, string(data)); done < 0 {
		t.Fatal("the recorded airroot boot never ended the watch")
	}
	// Spans of the recorded timeline; switch_root ends at the result's 8.27.
	want := map[string][]float64{
		benchproto.FloorModules:       {4.95573184 - 3.933564256},
		benchproto.FloorScanAssociate: {5.938886784 - 4.841691072},
		benchproto.FloorHandshake:     {6.418891552000001 - 5.938886784},
		benchproto.FloorWiFi:          {6.418891552000001 - 4.841691072},
		benchproto.FloorDHCP:          {7.151100464 - 6.460545392},
		benchproto.FloorNFS:           {7.291487392 - 7.182714304},
		FloorSwitch:                   {8.27 - 7.336673616},
	}
	if diff := cmp.Diff(want, w.Durations(), approx); diff != "" {
		t.Errorf("Durations (-want +got):\n%s", diff)
	}
}

// approx compares figures rounded to the millisecond.
var approx = cmp.Comparer(func(a, b float64) bool { return round3(a) == round3(b) })

func TestAirrootDurations(t *testing.T) {
	steps := []machine.Step{
		{Name: "modules", Start: 1, End: 1.5},
		{Name: "interface_up", Start: 2, End: 2},
		{Name: "associated", Start: 2.4, End: 2.4},
		{Name: "keys_installed", Start: 2.5, End: 2.5},
		{Name: "dhcp", Start: 2.6, End: 3.6},
		{Name: "nfs", Start: 3.7, End: 3.8},
		{Name: "switch_root", Start: 4, End: 4.2},
	}
	tests := []struct {
		name    string
		steps   []machine.Step
		newRoot float64
		ok      bool
		want    map[string][]float64
	}{
		{name: "whole boot", steps: steps, newRoot: 5.5, ok: true, want: map[string][]float64{
			"modules": {0.5}, "wifi_associate": {0.4}, "wifi_handshake": {0.1}, "wifi": {0.5},
			"dhcp": {1}, "nfs": {0.1}, "switch_root": {1.5}}},
		{name: "new root never reported", steps: steps, want: map[string][]float64{
			"modules": {0.5}, "wifi_associate": {0.4}, "wifi_handshake": {0.1}, "wifi": {0.5}, "dhcp": {1}, "nfs": {0.1}}},
		{name: "wired: no Wi-Fi marks", steps: []machine.Step{{Name: "modules", Start: 1, End: 2}, {Name: "dhcp", Start: 2, End: 2.25}},
			want: map[string][]float64{"modules": {1}, "dhcp": {0.25}}},
		{name: "marks out of order", steps: []machine.Step{{Name: "interface_up", Start: 3, End: 3}, {Name: "associated", Start: 2, End: 2}},
			want: map[string][]float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, airrootDurations(tt.steps, tt.newRoot, tt.ok), approx); diff != "" {
				t.Errorf("airrootDurations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFloorDurations(t *testing.T) {
	lines := map[string][]float64{"modules": {0.2, 0.3}, "switch_start": {10}}
	tests := []struct {
		name    string
		lines   map[string][]float64
		newRoot float64
		ok      bool
		want    map[string][]float64
	}{
		{name: "switched", lines: lines, newRoot: 12.5, ok: true, want: map[string][]float64{"modules": {0.2, 0.3}, "switch_root": {2.5}}},
		{name: "new root never reported", lines: lines, want: map[string][]float64{"modules": {0.2, 0.3}}},
		{name: "two switch starts", lines: map[string][]float64{"switch_start": {1, 2}}, newRoot: 3, ok: true, want: map[string][]float64{}},
		{name: "new root before the switch", lines: lines, newRoot: 9, ok: true, want: map[string][]float64{"modules": {0.2, 0.3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, floorDurations(tt.lines, tt.newRoot, tt.ok)); diff != "" {
				t.Errorf("floorDurations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFloorRows(t *testing.T) {
	run := func(board, variant string, ok bool, d map[string][]float64) Run {
		return Run{Board: board, Variant: variant, Kind: KindTimed, OK: ok, Durations: d}
	}
	runs := []Run{
		run("virt", VariantFloor, true, map[string][]float64{"modules": {0.2, 0.4, 0.3}, "nfs": {0.1}}),
		run("virt", VariantFloor, true, map[string][]float64{"modules": {0.25}}),
		run("virt", VariantFloor, false, map[string][]float64{"modules": {9}}),
		run("virt", VariantAirroot, true, map[string][]float64{"modules": {1.2}, "nfs": {0.3}}),
		run("virt", VariantAirroot, true, map[string][]float64{"modules": {0.9}, "nfs": {0.2}}),
		run("virt", VariantSeed, true, map[string][]float64{"modules": {5}}),
		run("raspi1ap", VariantAirroot, true, map[string][]float64{"modules": {7}}),
	}
	rows := floorRows(runs, "virt")
	if len(rows) != len(FloorPhases) {
		t.Fatalf("%d rows, want one per phase (%d)", len(rows), len(FloorPhases))
	}
	byPhase := map[string]FloorRow{}
	for _, r := range rows {
		byPhase[r.Phase] = r
	}
	tests := []struct {
		phase          string
		floor, airroot Stat
		ratio          *float64
	}{
		{"modules", Stat{N: 4, Median: 0.275, Min: 0.2, Max: 0.4}, Stat{N: 2, Median: 1.05, Min: 0.9, Max: 1.2}, ptr(3.818)},
		{"nfs", Stat{N: 1, Median: 0.1, Min: 0.1, Max: 0.1}, Stat{N: 2, Median: 0.25, Min: 0.2, Max: 0.3}, ptr(2.5)},
		{"dhcp", Stat{}, Stat{}, nil},
	}
	for _, tt := range tests {
		got := byPhase[tt.phase]
		if diff := cmp.Diff(tt.floor, got.Floor); diff != "" {
			t.Errorf("%s floor (-want +got):\n%s", tt.phase, diff)
		}
		if diff := cmp.Diff(tt.airroot, got.Airroot); diff != "" {
			t.Errorf("%s airroot (-want +got):\n%s", tt.phase, diff)
		}
		if diff := cmp.Diff(tt.ratio, got.Ratio); diff != "" {
			t.Errorf("%s ratio (-want +got):\n%s", tt.phase, diff)
		}
	}
	if rows := floorRows(runs, "raspi1ap"); rows != nil {
		t.Errorf("raspi1ap has no floor boot, yet %d rows", len(rows))
	}
}

func TestMarkdownFloor(t *testing.T) {
	b := &BootReport{Boards: []string{"virt"}, Runs: []Run{
		{Board: "virt", Variant: VariantFloor, Kind: KindTimed, OK: true, Durations: map[string][]float64{"nfs": {0.1, 0.2, 0.3}}},
		{Board: "virt", Variant: VariantAirroot, Kind: KindTimed, OK: true, Durations: map[string][]float64{"nfs": {0.5}}},
	}}
	b.Summarize()
	var w strings.Builder
	writeFloor(&w, b)
	for _, want := range []string{
		"## Per-phase floor",
		"### Floor on virt",
		"| NFS mount | 0.200 (0.100–0.300, 3) | 0.500 (0.500–0.500, 1) | 2.500 |",
		"| modules loaded | – | – | – |",
		"- DHCP: DISCOVER → ACK: one DISCOVER",
	} {
		if !strings.Contains(w.String(), want) {
			t.Errorf("floor section lacks %q:\n%s", want, w.String())
		}
	}
	var none strings.Builder
	writeFloor(&none, &BootReport{Boards: []string{"virt"}})
	if none.Len() != 0 {
		t.Errorf("a report without floor boots has a floor section:\n%s", none.String())
	}
}
