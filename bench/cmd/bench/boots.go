package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/airroot/airroot/bench"
	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/modload"
)

// runBoots boots every variant on every board, interleaved, and adds the runs to rep.
func runBoots(ctx context.Context, rep *bench.Report, rig *bench.Rig, boards []string, o options) error {
	if o.runs > 0 { // else keepTimedBoots kept the last report's, to add to
		rep.Boot = &bench.BootReport{Taken: time.Now().UTC(), Network: o.network, Boards: boards}
		if o.network == "wifi" {
			rep.Boot.WiFi = o.wifi
		}
	}
	for _, board := range boards {
		if err := bootBoard(ctx, rig, rep, board, o); err != nil {
			return err
		}
	}
	return nil
}

// bootBoard runs a board's schedule, writing the report after each boot in case
// the rest is interrupted. A board on which the whole first round failed is left
// there, with a note: its other boots would only wait out their time limits.
func bootBoard(ctx context.Context, rig *bench.Rig, rep *bench.Report, board string, o options) error {
	br := rep.Boot
	firstRoundOK := false
	for _, bt := range schedule(board, o) {
		if bt.Round == 2 && !firstRoundOK {
			note := fmt.Sprintf("%s: every boot of the first round failed; its other boots were skipped", board)
			log.Print(note)
			br.Notes = append(br.Notes, note)
			return bench.WriteJSON(filepath.Join(o.out, "report.json"), rep)
		}
		if ctx.Err() != nil {
			return fmt.Errorf("boots interrupted: %w", ctx.Err())
		}
		run := runOne(ctx, rig, bt)
		if ctx.Err() != nil {
			return fmt.Errorf("boots interrupted during %s %s round %d (not recorded): %w", bt.Board, bt.Variant, bt.Round, ctx.Err())
		}
		firstRoundOK = firstRoundOK || run.OK
		br.Runs = append(br.Runs, run)
		br.Summarize()
		if err := bench.WriteJSON(filepath.Join(o.out, "report.json"), rep); err != nil {
			return err
		}
	}
	return nil
}

// schedule lists a board's boots: rounds of every variant in turn, timed rounds
// first, then the idle rounds.
func schedule(board string, o options) []bench.Boot {
	timeout := boardTimeout(board, o)
	var boots []bench.Boot
	for round := 1; round <= o.runs+o.idleRuns; round++ {
		var idle time.Duration
		if round > o.runs {
			idle = o.idle
		}
		for _, v := range o.variants {
			if idle > 0 && v == bench.VariantFloor {
				continue // the floor ends at the new root's init: nothing to idle
			}
			boots = append(boots, bench.Boot{Board: board, Variant: v, Round: round, Idle: idle, Timeout: timeout})
		}
	}
	return boots
}

// boardTimeout is one boot's time limit on board: -timeout, or 4 minutes on
// virt and 8 on raspi1ap.
func boardTimeout(board string, o options) time.Duration {
	if o.timeout != 0 {
		return o.timeout
	}
	if board == "raspi1ap" {
		return 8 * time.Minute
	}
	return 4 * time.Minute
}

func runOne(ctx context.Context, rig *bench.Rig, bt bench.Boot) bench.Run {
	work, err := os.MkdirTemp("", "airroot-bench-*")
	if err != nil {
		return bench.Run{Board: bt.Board, Variant: bt.Variant, Round: bt.Round, Failure: err.Error()}
	}
	defer os.RemoveAll(work)
	run := rig.Run(ctx, bt, work)
	outcome := "ok"
	if !run.OK {
		outcome = "FAILED: " + run.Failure
	}
	t, _ := run.KernelToNewRoot()
	log.Printf("%s %s round %d (%s): new root's init at %.2f s, %s (%.0f s wall); console: %s",
		bt.Board, bt.Variant, bt.Round, run.Kind, t, outcome, run.WallSeconds, run.ConsoleLog)
	return run
}

func boardList(list string) ([]string, error) {
	var boards []string
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if _, ok := machine.Boards[name]; !ok {
			return nil, fmt.Errorf("-boards %q: unknown board %q", list, name)
		}
		boards = append(boards, name)
	}
	if len(boards) == 0 {
		return nil, fmt.Errorf("-boards %q: no board", list)
	}
	return boards, nil
}

// setUpRig builds the guest (and the fixture over Wi-Fi), fetches kernels and
// userlands and indexes the modules of every board.
func setUpRig(ctx context.Context, repo, cache string, o options, boards []string) (*bench.Rig, error) {
	if err := artifact.CheckBuilt(o.init, o.airroot); err != nil {
		return nil, err
	}
	rig := &bench.Rig{
		Network: o.network, WiFi: o.wifi, Airroot: o.airroot, Init: o.init,
		Guest:   filepath.Join(o.out, "bin", "guest"),
		Kernels: map[string]artifact.KernelFiles{}, Indexes: map[string]*modload.Index{},
		Seed: map[string]bench.Userland{}, Hostapd: map[string]artifact.Userland{},
		Box: filepath.Join(o.out, "bin", "box"), Lock: o.lock,
		Floor: filepath.Join(o.out, "bin", "floor"), FloorRounds: o.floorRounds,
		OutDir: filepath.Join(o.out, "console"), Logf: log.Printf,
	}
	if err := os.MkdirAll(rig.OutDir, 0o755); err != nil {
		return nil, err
	}
	if err := artifact.BuildStatic(ctx, repo, "./bench/guest", rig.Guest, "arm", "6"); err != nil {
		return nil, err
	}
	if err := artifact.BuildStatic(ctx, repo, "./bench/box", rig.Box, "arm", "6"); err != nil {
		return nil, err
	}
	if err := artifact.BuildStatic(ctx, repo, "./bench/floor", rig.Floor, "arm", "6"); err != nil {
		return nil, err
	}
	if o.network == "wifi" || o.applianceRuns > 0 { // the seed-004 boots are over Wi-Fi
		rig.Fixture = filepath.Join(o.out, "bin", "fixture")
		if err := artifact.BuildFixture(ctx, repo, rig.Fixture); err != nil {
			return nil, err
		}
		rig.WiFiConfigFlag = artifact.TakesWiFiConfig(ctx, o.airroot)
	}
	for _, name := range boards {
		if err := fetchBoard(ctx, rig, cache, name); err != nil {
			return nil, err
		}
	}
	return rig, nil
}

func fetchBoard(ctx context.Context, rig *bench.Rig, cache, name string) error {
	b := machine.Boards[name]
	k, err := artifact.FetchKernel(ctx, cache, b.Kernel)
	if err != nil {
		return err
	}
	rig.Kernels[name] = k
	if rig.Indexes[name], err = modload.OpenDir(k.ModulesDir); err != nil {
		return err
	}
	arch := b.Kernel.Arch
	if _, done := rig.Seed[arch]; !done {
		if rig.Seed[arch], err = bench.FetchSeedUserland(ctx, cache, arch); err != nil {
			return err
		}
	}
	if _, done := rig.Hostapd[arch]; !done && rig.Fixture != "" {
		if rig.Hostapd[arch], err = artifact.FetchUserland(ctx, cache, arch); err != nil {
			return err
		}
	}
	return nil
}
