package bench

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// appRun is a seed-004 boot: ok with both app phases, or failed.
func appRun(board, variant string, round int, first, reply float64, size int64) Run {
	r := Run{Board: board, Variant: variant, Round: round, Kind: KindTimed, OK: first > 0, InitramfsGzipBytes: size,
		Phases: map[string]float64{}}
	if r.OK {
		r.Phases[PhaseAppFirst], r.Phases[PhaseAppReply] = first, reply
	} else {
		r.Failure = "kernel panic"
	}
	return r
}

func testApplianceReport() *ApplianceReport {
	a, s := VariantAirrootApp, VariantSeed004
	return &ApplianceReport{
		Taken: time.Date(2026, 12, 4, 6, 0, 0, 0, time.UTC), Boards: []string{"virt"},
		Runs: []Run{
			appRun("virt", a, 1, 4, 8, 3600), appRun("virt", s, 1, 10, 20, 9000),
			appRun("virt", a, 2, 6, 9, 3600), appRun("virt", s, 2, 0, 0, 9000),
			appRun("virt", a, 3, 5, 10, 3600), appRun("virt", s, 3, 12, 18, 9000),
		},
	}
}

func TestApplianceSummarize(t *testing.T) {
	a := testApplianceReport()
	a.Summarize()
	air, seed := a.Summary("virt", VariantAirrootApp), a.Summary("virt", VariantSeed004)
	if air == nil || seed == nil {
		t.Fatalf("summaries %+v", a.Summaries)
	}
	got := []float64{float64(air.Runs), float64(air.Failed), air.FirstLine.Median, air.Reply.Median,
		float64(seed.Runs), float64(seed.Failed), seed.FirstLine.Median, seed.Reply.Median,
		*seed.FirstLineRatio, *seed.ReplyRatio, *seed.InitramfsRatio}
	want := []float64{3, 0, 5, 9, 3, 1, 11, 19, round3(5.0 / 11), round3(9.0 / 19), round3(3600.0 / 9000)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summaries (-want +got):\n%s", diff)
	}
	if air.FirstLineRatio != nil {
		t.Error("airroot's own row has a ratio")
	}
}

func TestApplianceGoals(t *testing.T) {
	r := &Report{Appliance: testApplianceReport()}
	r.Appliance.Summarize()
	got := goalStatuses(r.applianceGoals())
	want := map[string]GoalStatus{
		"seed 004: app's first line on virt": GoalMet, "seed 004: app's first reply on virt": GoalMet,
		"seed 004: initramfs on virt": GoalNotMet, // 3600/9000 = 0.4 > 1/3
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("goals (-want +got):\n%s", diff)
	}
	r.Appliance.Runs = r.Appliance.Runs[:1] // airroot's boot only
	r.Appliance.Summarize()
	if g := goalStatuses(r.applianceGoals()); g["seed 004: app's first line on virt"] != GoalNotMeasured {
		t.Errorf("first line goal without seed boots: %v", g)
	}
	if (&Report{}).applianceGoals() != nil {
		t.Error("goals without a seed-004 comparison")
	}
}

func TestMarkdownAppliance(t *testing.T) {
	var w strings.Builder
	writeAppliance(&w, nil)
	if !strings.Contains(w.String(), "Not measured yet") {
		t.Errorf("no comparison, no word of it:\n%s", w.String())
	}
	a := testApplianceReport()
	a.Summarize()
	w.Reset()
	writeAppliance(&w, a)
	for _, want := range []string{
		"## Seed 004: an appliance from the card",
		"| virt | airroot-app | 3 (0) | 5.00 (4.00–6.00) | – | 9.00 (8.00–10.00) | – | 3.5 KiB | – |",
		"| virt | seed004 | 3 (1) | 11.00 (10.00–12.00) | 0.455 | 19.00 (18.00–20.00) | 0.474 | 8.8 KiB | 0.400 |",
		"| virt | 2 | seed004 | – | – | failed: kernel panic |",
	} {
		if !strings.Contains(w.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, w.String())
		}
	}
}
