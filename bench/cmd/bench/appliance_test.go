package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/bench"
	"github.com/google/go-cmp/cmp"
)

func TestApplianceSchedule(t *testing.T) {
	boots := applianceSchedule("virt", options{applianceRuns: 2})
	var got []string
	for _, b := range boots {
		got = append(got, b.Variant)
		if b.Timeout != 4*time.Minute || b.Idle != 0 {
			t.Errorf("virt boot %+v: want 4m and no idling", b)
		}
	}
	a, s := bench.VariantAirrootApp, bench.VariantSeed004
	if diff := cmp.Diff([]string{a, s, a, s}, got); diff != "" {
		t.Errorf("schedule interleaves the variants (-want +got):\n%s", diff)
	}
	if n := len(applianceSchedule("virt", options{})); n != 0 {
		t.Errorf("-appliance-runs 0 schedules %d boots", n)
	}
}

func TestKeepOldBoots(t *testing.T) {
	out := t.TempDir()
	old := &bench.Report{
		Boot:      &bench.BootReport{Network: "wifi", Boards: []string{"virt"}},
		Appliance: &bench.ApplianceReport{Boards: []string{"virt"}},
	}
	if err := bench.WriteJSON(filepath.Join(out, "report.json"), old); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                string
		o                   options
		wantBoot, wantAppli bool
	}{
		{name: "seed-004 boots only keep the NFS boots", o: options{network: "none", applianceRuns: 1, keepBoots: true}, wantBoot: true},
		{name: "NFS boots only keep the seed-004 boots", o: options{network: "wifi", runs: 1, keepBoots: true}, wantAppli: true},
		{name: "sizes only keep both", o: options{network: "none", keepBoots: true}, wantBoot: true, wantAppli: true},
		{name: "everything booted keeps nothing", o: options{network: "wifi", runs: 1, applianceRuns: 1, keepBoots: true}},
		{name: "-keep-boots=false keeps nothing", o: options{network: "none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.out = out
			rep := &bench.Report{}
			if err := keepOldBoots(rep, tt.o); err != nil {
				t.Fatal(err)
			}
			if (rep.Boot != nil) != tt.wantBoot || (rep.Appliance != nil) != tt.wantAppli {
				t.Errorf("kept NFS boots %v, seed-004 boots %v; want %v, %v", rep.Boot != nil, rep.Appliance != nil, tt.wantBoot, tt.wantAppli)
			}
		})
	}
}

func TestKeepTimedBoots(t *testing.T) {
	out := t.TempDir()
	taken := time.Date(2026, 12, 5, 5, 43, 0, 0, time.UTC)
	run := func(board, variant, kind string) bench.Run {
		return bench.Run{Board: board, Variant: variant, Kind: kind, OK: true}
	}
	old := &bench.Report{Boot: &bench.BootReport{Network: "wifi", Taken: taken, Boards: []string{"virt", "raspi1ap"}, Runs: []bench.Run{
		run("virt", bench.VariantAirroot, bench.KindTimed), run("virt", bench.VariantAirroot, bench.KindIdle),
		run("virt", bench.VariantSeed, bench.KindIdle), run("raspi1ap", bench.VariantAirroot, bench.KindIdle),
	}}}
	if err := bench.WriteJSON(filepath.Join(out, "report.json"), old); err != nil {
		t.Fatal(err)
	}
	o := options{out: out, network: "wifi", boards: "virt", variants: []string{bench.VariantAirroot}, idleRuns: 1, keepBoots: true}
	rep := &bench.Report{}
	if err := keepOldBoots(rep, o); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rep.Boot.Runs {
		got = append(got, r.Board+" "+r.Variant+" "+r.Kind)
	}
	want := []string{"virt airroot timed", "virt seed idle", "raspi1ap airroot idle"} // all but the idle runs booted again
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("kept runs (-want +got):\n%s", diff)
	}
	if !rep.Boot.Taken.Equal(taken) || len(rep.Boot.Notes) != 1 || !strings.Contains(rep.Boot.Notes[0], "the timed boots are those of 2026-12-05 05:43 UTC") {
		t.Errorf("taken %v, notes %q: want the old date kept and a note naming it", rep.Boot.Taken, rep.Boot.Notes)
	}

	o.network = "ethernet"
	if err := keepOldBoots(&bench.Report{}, o); err == nil || !strings.Contains(err.Error(), "it has none over ethernet") {
		t.Errorf("-runs 0 over another network: error %v, want one saying the report has no such boots", err)
	}
}
