// Command bench measures airroot against the seed's userland and writes
// out/bench/report.json and BENCHMARKS.md (make bench).
//
//	go run ./bench/cmd/bench                      # sizes, then Wi-Fi boots on virt and raspi1ap
//	go run ./bench/cmd/bench -network ethernet -boards virt -runs 3
//	go run ./bench/cmd/bench -network none        # sizes and the seed-004 boots; keeps the NFS boots of the last report
//	go run ./bench/cmd/bench -network none -appliance-runs 0  # sizes only
//	go run ./bench/cmd/bench -variants airroot,floor -runs 3 -idle-runs 0 -appliance-runs 0  # the per-phase floor table only
//	go run ./bench/cmd/bench -runs 0 -appliance-runs 0  # the idle runs again; keeps the timed boots of the last report
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"github.com/airroot/airroot/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	out, markdown, chart, init, airroot string
	network, wifi, boards, lock         string
	runs, idleRuns, applianceRuns       int
	floorRounds                         int
	variants                            []string
	idle, timeout                       time.Duration
	keepBoots                           bool
	notes                               noteFlag
}

// noteFlag collects -note values.
type noteFlag []string

func (n *noteFlag) String() string { return strings.Join(*n, "; ") }

func (n *noteFlag) Set(v string) error {
	*n = append(*n, v)
	return nil
}

func parseFlags(args []string) (options, error) {
	var o options
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	fl.StringVar(&o.out, "out", "out/bench", "folder for report.json, console logs and built binaries")
	fl.StringVar(&o.markdown, "markdown", "BENCHMARKS.md", "the Markdown report to regenerate")
	fl.StringVar(&o.chart, "chart", "bench/boot-timeline.svg", "the SVG chart of the boot timelines")
	fl.StringVar(&o.init, "init", "out/init", "airroot's /init under test (make init)")
	fl.StringVar(&o.airroot, "airroot", "out/airroot", "airroot's host tool (make airroot)")
	fl.StringVar(&o.network, "network", "wifi", "boot over wifi or ethernet, or none (sizes only)")
	fl.StringVar(&o.wifi, "wifi", "wpa2", "the Wi-Fi boots' security: wpa2, or sae (WPA3-Personal)")
	fl.StringVar(&o.boards, "boards", "virt,raspi1ap", "boards to boot, comma-separated")
	fl.IntVar(&o.runs, "runs", 5, "timed boots of each variant on each board (0: keep those of the last report, boot the idle runs only)")
	fl.IntVar(&o.applianceRuns, "appliance-runs", 5, "seed-004 comparison boots of each variant on each board (0: keep those of the last report)")
	fl.StringVar(&o.lock, "lock", bench.E2ELock, "the lock every QEMU run holds, shared with the e2e tests (\"\": none; never run bench under flock on the same file)")
	fl.IntVar(&o.idleRuns, "idle-runs", 1, "boots of each variant on each board that idle and measure memory and CPU")
	fl.DurationVar(&o.idle, "idle", time.Minute, "how long idle runs idle on the new root")
	fl.DurationVar(&o.timeout, "timeout", 0, "one boot's time limit (default 4m on virt, 8m on raspi1ap, plus -idle)")
	fl.Var(&o.notes, "note", "a note on the boots for the report (repeatable; kept with the boots)")
	variants := fl.String("variants", "", "variants to boot, comma-separated (default: airroot,seed,seed-tuned and, over Wi-Fi, floor)")
	fl.IntVar(&o.floorRounds, "floor-rounds", 5, "how often each floor boot does each phase it can repeat")
	fl.BoolVar(&o.keepBoots, "keep-boots", true, "with -network none, keep the boots of the existing report.json")
	if err := fl.Parse(args); err != nil {
		return o, err
	}
	if fl.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q (flags only; see -h)", fl.Arg(0))
	}
	switch o.network {
	case "wifi", "ethernet", "none":
	default:
		return o, fmt.Errorf("-network %q: want wifi, ethernet or none", o.network)
	}
	if o.wifi != "wpa2" && o.wifi != "sae" {
		return o, fmt.Errorf("-wifi %q: want wpa2 or sae", o.wifi)
	}
	var err error
	if o.variants, err = variantList(*variants, o.network); err != nil {
		return o, err
	}
	if o.floorRounds < 1 || o.floorRounds > 100 {
		return o, fmt.Errorf("-floor-rounds %d: want 1 to 100", o.floorRounds)
	}
	if o.runs < 0 || o.idleRuns < 0 || o.applianceRuns < 0 || (o.runs == 0 && o.idleRuns == 0 && o.network != "none") {
		return o, fmt.Errorf("-runs %d -idle-runs %d: want no negative count, and a boot to run", o.runs, o.idleRuns)
	}
	if o.runs == 0 && !o.keepBoots {
		return o, fmt.Errorf("-runs 0 -keep-boots=false: -runs 0 keeps the timed boots of the last report")
	}
	return o, nil
}

// variantList parses -variants: every variant by default, the floor only over
// Wi-Fi (its program joins the access point).
func variantList(list, network string) ([]string, error) {
	all := append(slices.Clone(bench.Variants), bench.VariantFloor)
	if list == "" {
		if network != "wifi" {
			return bench.Variants, nil
		}
		return all, nil
	}
	var out []string
	for _, v := range strings.Split(list, ",") {
		v = strings.TrimSpace(v)
		switch {
		case v == "":
			continue
		case !slices.Contains(all, v):
			return nil, fmt.Errorf("-variants %q: unknown variant %q (want some of %s)", list, v, strings.Join(all, ","))
		case v == bench.VariantFloor && network != "wifi":
			return nil, fmt.Errorf("-variants %q: the floor boots over Wi-Fi only", list)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-variants %q: no variant", list)
	}
	return out, nil
}
