package bench

import (
	"fmt"
	"time"
)

// The seed-004 comparison's targets (issue #15): airroot at most half seed 004's
// time to the app's first line and to its first reply, its initramfs at most a
// third of seed 004's, compressed.
const (
	AppBootGoal      = 0.5
	AppInitramfsGoal = 1.0 / 3
)

// ApplianceReport is the seed-004 comparison: airroot's appliance mode against
// seed 004's busybox init, the same app and card, boots and sizes.
type ApplianceReport struct {
	Taken     time.Time          `json:"taken"`
	Boards    []string           `json:"boards"`
	Notes     []string           `json:"notes,omitempty"`
	Runs      []Run              `json:"runs"`
	Summaries []ApplianceSummary `json:"summaries"`
}

// ApplianceSummary is one variant on one board over its successful boots.
type ApplianceSummary struct {
	Board   string `json:"board"`
	Variant string `json:"variant"`
	Runs    int    `json:"runs"`
	Failed  int    `json:"failed"`
	// FirstLine and Reply are kernel start to the app's first line and to its
	// first reply from the host, in seconds.
	FirstLine Stat `json:"first_line"`
	Reply     Stat `json:"reply"`
	// InitramfsGzipBytes is the variant's initramfs, compressed (the same in
	// every boot of a board).
	InitramfsGzipBytes int64 `json:"initramfs_gzip_bytes"`
	// The ratios are airroot's over this variant's (medians; sizes), on seed
	// 004's rows.
	FirstLineRatio *float64 `json:"first_line_ratio,omitempty"`
	ReplyRatio     *float64 `json:"reply_ratio,omitempty"`
	InitramfsRatio *float64 `json:"initramfs_ratio,omitempty"`
}

// Summarize fills in a.Summaries from a.Runs, one per board and variant.
func (a *ApplianceReport) Summarize() {
	a.Summaries = nil
	for _, board := range a.Boards {
		for _, v := range ApplianceVariants {
			a.Summaries = append(a.Summaries, summarizeApp(a.Runs, board, v))
		}
		air, seed := a.Summary(board, VariantAirrootApp), a.Summary(board, VariantSeed004)
		if air.FirstLine.N > 0 && seed.FirstLine.N > 0 {
			seed.FirstLineRatio = Ratio(air.FirstLine.Median, seed.FirstLine.Median)
		}
		if air.Reply.N > 0 && seed.Reply.N > 0 {
			seed.ReplyRatio = Ratio(air.Reply.Median, seed.Reply.Median)
		}
		if air.InitramfsGzipBytes > 0 && seed.InitramfsGzipBytes > 0 {
			seed.InitramfsRatio = Ratio(float64(air.InitramfsGzipBytes), float64(seed.InitramfsGzipBytes))
		}
	}
}

// Summary returns the summary of variant on board, or nil.
func (a *ApplianceReport) Summary(board, variant string) *ApplianceSummary {
	for i := range a.Summaries {
		if a.Summaries[i].Board == board && a.Summaries[i].Variant == variant {
			return &a.Summaries[i]
		}
	}
	return nil
}

func summarizeApp(runs []Run, board, variant string) ApplianceSummary {
	s := ApplianceSummary{Board: board, Variant: variant}
	var first, reply []float64
	for _, r := range runs {
		if r.Board != board || r.Variant != variant {
			continue
		}
		s.Runs++
		if r.InitramfsGzipBytes > 0 {
			s.InitramfsGzipBytes = r.InitramfsGzipBytes
		}
		f, okF := r.Phases[PhaseAppFirst]
		p, okP := r.Phases[PhaseAppReply]
		if !r.OK || !okF || !okP {
			s.Failed++
			continue
		}
		first, reply = append(first, f), append(reply, p)
	}
	s.FirstLine, s.Reply = Summarize(first), Summarize(reply)
	return s
}

// applianceGoals states the seed-004 targets on each board.
func (r *Report) applianceGoals() []Goal {
	a := r.Appliance
	if a == nil {
		return nil
	}
	var goals []Goal
	for _, board := range a.Boards {
		air, seed := a.Summary(board, VariantAirrootApp), a.Summary(board, VariantSeed004)
		if air == nil || seed == nil {
			continue
		}
		goals = append(goals,
			appTimeGoal("seed 004: app's first line", board, air.FirstLine, seed.FirstLine, seed.FirstLineRatio),
			appTimeGoal("seed 004: app's first reply", board, air.Reply, seed.Reply, seed.ReplyRatio),
			ratioGoal("seed 004: initramfs", board, "airroot's initramfs <= 1/3 of seed 004's (gzip -9 bytes, same modules)",
				seed.InitramfsRatio, AppInitramfsGoal,
				fmt.Sprintf("%d vs %d bytes compressed", air.InitramfsGzipBytes, seed.InitramfsGzipBytes)))
	}
	return goals
}

func appTimeGoal(name, board string, air, seed Stat, ratio *float64) Goal {
	const want = "airroot <= 0.5 x seed 004 (median kernel start to it, Wi-Fi)"
	if air.N == 0 || seed.N == 0 {
		return Goal{Name: name, Scope: board, Want: want, Status: GoalNotMeasured, Detail: "no successful boots of both variants"}
	}
	return ratioGoal(name, board, want, ratio, AppBootGoal,
		fmt.Sprintf("%.2f s vs %.2f s (medians of %d and %d boots)", air.Median, seed.Median, air.N, seed.N))
}
