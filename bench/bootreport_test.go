package bench

import (
	"testing"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func timedRun(board, variant string, init, newRoot float64) Run {
	return Run{Board: board, Variant: variant, Kind: KindTimed, OK: true,
		Phases: map[string]float64{PhaseInit: init, PhaseNewRoot: newRoot}}
}

func idleRun(board, variant string, rss int64, cpu float64) Run {
	return Run{Board: board, Variant: variant, Kind: KindIdle, OK: true,
		Phases: map[string]float64{PhaseNewRoot: 99},
		Idle:   &benchproto.Idle{Seconds: 60, Processes: []benchproto.Proc{{Name: "x", RSSKiB: rss, AnonKiB: rss / 4, FileKiB: rss - rss/4, CPUSeconds: cpu}}}}
}

func testBootReport() *BootReport {
	failed := timedRun("virt", VariantSeed, 3, 30)
	failed.OK, failed.Failure = false, "timed out"
	return &BootReport{Network: "wifi", Boards: []string{"virt"}, Runs: []Run{
		timedRun("virt", VariantAirroot, 3, 8), timedRun("virt", VariantSeed, 3.5, 20), timedRun("virt", VariantSeedTuned, 3.5, 16),
		timedRun("virt", VariantAirroot, 3, 10), failed, timedRun("virt", VariantSeedTuned, 3.5, 18),
		timedRun("virt", VariantAirroot, 3, 9), timedRun("virt", VariantSeed, 3.5, 22), timedRun("virt", VariantSeedTuned, 3.5, 17),
		idleRun("virt", VariantAirroot, 6000, 0.05), idleRun("virt", VariantSeed, 9000, 0.2), idleRun("virt", VariantSeedTuned, 8000, 0.1),
		timedRun("raspi1ap", VariantAirroot, 1, 2), // a board not listed is left out
	}}
}

func TestBootReportSummarize(t *testing.T) {
	b := testBootReport()
	b.Summarize()
	if len(b.Summaries) != len(Variants) {
		t.Fatalf("%d summaries, want one per variant on the one board listed: %+v", len(b.Summaries), b.Summaries)
	}
	air, seed, tuned := b.Summary("virt", VariantAirroot), b.Summary("virt", VariantSeed), b.Summary("virt", VariantSeedTuned)
	if diff := cmp.Diff(Stat{N: 3, Median: 9, Min: 8, Max: 10}, air.KernelToNewRoot); diff != "" {
		t.Errorf("airroot kernel to new root (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Stat{N: 3, Median: 6, Min: 5, Max: 7}, air.InitToNewRoot); diff != "" {
		t.Errorf("airroot /init to new root (-want +got):\n%s", diff)
	}
	if seed.Runs != 3 || seed.Failed != 1 || seed.KernelToNewRoot.N != 2 || seed.KernelToNewRoot.Median != 21 {
		t.Errorf("seed = %d runs, %d failed, %+v; want 3 runs, 1 failed, median 21 of 2", seed.Runs, seed.Failed, seed.KernelToNewRoot)
	}
	if diff := cmp.Diff(ptr(0.529), tuned.AirrootRatio); diff != "" {
		t.Errorf("airroot / tuned (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ptr(0.444), tuned.InitAirrootRatio); diff != "" {
		t.Errorf("airroot / tuned from /init (-want +got):\n%s", diff)
	}
	if air.AirrootRatio != nil {
		t.Errorf("airroot's own ratio = %v, want none", *air.AirrootRatio)
	}
	if air.IdleRSSKiB.Median != 6000 || seed.IdleCPUSeconds.Median != 0.2 {
		t.Errorf("idle figures = %+v, %+v; want airroot 6000 KiB and seed 0.2 s", air.IdleRSSKiB, seed.IdleCPUSeconds)
	}
	if m, ok := tuned.PhaseMedian(PhaseInit); !ok || m != 3.5 {
		t.Errorf("tuned init running = %v, %v; want 3.5", m, ok)
	}
	if _, ok := tuned.PhaseMedian(PhaseKeys); ok {
		t.Errorf("tuned has a keys phase no run showed")
	}
}

func TestSummarizeRejoins(t *testing.T) {
	b := testBootReport()
	twice := rejoinRun(VariantAirroot, 0.4, 0.8, "")
	twice.Rejoin.Restarts = append(twice.Rejoin.Restarts, benchproto.Restart{DownSeconds: 5, UpSeconds: 0.1, BackSeconds: 1.0})
	b.Runs = append(b.Runs, rejoinRun(VariantAirroot, 0.25, 1.4, ""), twice,
		rejoinRun(VariantAirroot, 0.3, 0, "traffic not back within 1m0s of the access point's return"))
	b.Summarize()
	air := b.Summary("virt", VariantAirroot)
	if diff := cmp.Diff(Stat{N: 3, Median: 0.3, Min: 0.25, Max: 0.4}, air.RejoinDeauthSilence); diff != "" {
		t.Errorf("deauth's silence (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Stat{N: 3, Median: 0.55, Min: 0.5, Max: 0.65}, air.RejoinDeauth, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("deauth from its request (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Stat{N: 3, Median: 1.0, Min: 0.8, Max: 1.4}, air.RejoinAPBack); diff != "" {
		t.Errorf("AP back, over every restart (-want +got):\n%s", diff)
	}
	if air.RejoinFailed != 1 {
		t.Errorf("RejoinFailed = %d, want 1", air.RejoinFailed)
	}
	if seed := b.Summary("virt", VariantSeed); seed.RejoinDeauth.N != 0 || seed.RejoinFailed != 0 {
		t.Errorf("the seed's rejoins = %+v, %d failed; want none timed", seed.RejoinDeauth, seed.RejoinFailed)
	}
}
