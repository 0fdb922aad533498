package bench

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func goalStatuses(goals []Goal) map[string]GoalStatus {
	out := map[string]GoalStatus{}
	for _, g := range goals {
		out[g.Name+" on "+g.Scope] = g.Status
	}
	return out
}

func TestJudgeGoals(t *testing.T) {
	small, big := ptr(0.3), ptr(0.4)
	tests := []struct {
		name   string
		report func() *Report
		want   map[string]GoalStatus
	}{
		{
			name: "sizes only",
			report: func() *Report {
				return &Report{Userland: []UserlandComparison{{Arch: "armhf", GzipRatio: small}, {Arch: "armel", GzipRatio: big}}}
			},
			want: map[string]GoalStatus{
				"userland size on armhf": GoalMet, "userland size on armel": GoalNotMet,
				"boot to root on virt": GoalNotMeasured, "memory after switch_root on virt": GoalNotMeasured,
				"boot to root on raspi1ap": GoalNotMeasured, "memory after switch_root on raspi1ap": GoalNotMeasured,
			},
		},
		{
			name: "Wi-Fi boots",
			report: func() *Report {
				b := testBootReport()
				b.Summarize()
				return &Report{Boot: b}
			},
			// airroot 9 s against the tuned seed's 17 s is 0.529: not met; 6000 KiB
			// against the seeds' 8500 KiB median: met.
			want: map[string]GoalStatus{"boot to root on virt": GoalNotMet, "memory after switch_root on virt": GoalMet},
		},
		{
			name: "Ethernet boots are not judged",
			report: func() *Report {
				b := testBootReport()
				b.Network = "ethernet"
				b.Summarize()
				return &Report{Boot: b}
			},
			want: map[string]GoalStatus{"boot to root on virt": GoalNotMeasured, "memory after switch_root on virt": GoalNotMeasured},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, goalStatuses(tt.report().JudgeGoals())); diff != "" {
				t.Errorf("goals (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJudgeGoalsBootMet(t *testing.T) {
	b := &BootReport{Network: "wifi", Boards: []string{"virt"}, Runs: []Run{
		timedRun("virt", VariantAirroot, 3, 5), timedRun("virt", VariantSeedTuned, 3, 12),
	}}
	b.Summarize()
	r := &Report{Boot: b}
	for _, g := range r.JudgeGoals() {
		if g.Name == "boot to root" {
			if g.Status != GoalMet || g.Value == nil || *g.Value != 0.417 {
				t.Errorf("boot goal = %+v, want met at 0.417", g)
			}
			return
		}
	}
	t.Fatal("no boot goal")
}
