package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/airroot/airroot/bench"
)

// runApplianceBoots runs the seed-004 comparison on every board, writing the
// report after each boot. A board whose whole first round failed is left there,
// with a note, as in bootBoard.
func runApplianceBoots(ctx context.Context, rep *bench.Report, rig *bench.Rig, boards []string, o options) error {
	a := &bench.ApplianceReport{Taken: time.Now().UTC(), Boards: boards}
	rep.Appliance = a
	for _, board := range boards {
		firstRoundOK := false
		for _, bt := range applianceSchedule(board, o) {
			if bt.Round == 2 && !firstRoundOK {
				note := fmt.Sprintf("%s: every seed-004 boot of the first round failed; its other boots were skipped", board)
				log.Print(note)
				a.Notes = append(a.Notes, note)
				break
			}
			if ctx.Err() != nil {
				return fmt.Errorf("seed-004 boots interrupted: %w", ctx.Err())
			}
			run := runApplianceOne(ctx, rig, bt)
			if ctx.Err() != nil {
				return fmt.Errorf("seed-004 boots interrupted during %s %s round %d (not recorded): %w", bt.Board, bt.Variant, bt.Round, ctx.Err())
			}
			firstRoundOK = firstRoundOK || run.OK
			a.Runs = append(a.Runs, run)
			a.Summarize()
			if err := bench.WriteJSON(filepath.Join(o.out, "report.json"), rep); err != nil {
				return err
			}
		}
	}
	return nil
}

// applianceSchedule lists a board's seed-004 boots: rounds of both variants in turn.
func applianceSchedule(board string, o options) []bench.Boot {
	timeout := boardTimeout(board, o)
	var boots []bench.Boot
	for round := 1; round <= o.applianceRuns; round++ {
		for _, v := range bench.ApplianceVariants {
			boots = append(boots, bench.Boot{Board: board, Variant: v, Round: round, Timeout: timeout})
		}
	}
	return boots
}

func runApplianceOne(ctx context.Context, rig *bench.Rig, bt bench.Boot) bench.Run {
	work, err := os.MkdirTemp("", "airroot-bench-*")
	if err != nil {
		return bench.Run{Board: bt.Board, Variant: bt.Variant, Round: bt.Round, Failure: err.Error()}
	}
	defer os.RemoveAll(work)
	run := rig.RunAppliance(ctx, bt, work)
	outcome := "ok"
	if !run.OK {
		outcome = "FAILED: " + run.Failure
	}
	log.Printf("%s %s round %d (seed 004): first line at %.2f s, first reply at %.2f s, initramfs %d bytes gz, %s (%.0f s wall); console: %s",
		bt.Board, bt.Variant, bt.Round, run.Phases[bench.PhaseAppFirst], run.Phases[bench.PhaseAppReply],
		run.InitramfsGzipBytes, outcome, run.WallSeconds, run.ConsoleLog)
	return run
}
