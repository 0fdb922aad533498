package main

import (
	"path/filepath"
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
		{name: "NFS boots only keep the seed-004 boots", o: options{network: "wifi", keepBoots: true}, wantAppli: true},
		{name: "sizes only keep both", o: options{network: "none", keepBoots: true}, wantBoot: true, wantAppli: true},
		{name: "everything booted keeps nothing", o: options{network: "wifi", applianceRuns: 1, keepBoots: true}},
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
