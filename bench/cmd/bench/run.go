package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/airroot/airroot/bench"
	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/machine"
)

func run(ctx context.Context, args []string) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	repo, err := artifact.RepoRoot()
	if err != nil {
		return err
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(repo, p)
	}
	o.out, o.markdown, o.chart, o.init, o.airroot = abs(o.out), abs(o.markdown), abs(o.chart), abs(o.init), abs(o.airroot)
	cache, err := artifact.CacheDir()
	if err != nil {
		return err
	}
	rep := &bench.Report{Generated: time.Now().UTC(), Environment: environment()}
	if err := measureSizes(ctx, rep, repo, cache, o); err != nil {
		return err
	}
	bootErr := boots(ctx, rep, repo, cache, o)
	if bootErr != nil && rep.Boot == nil {
		return bootErr
	}
	if rep.Boot != nil {
		rep.Boot.Notes = append(rep.Boot.Notes, o.notes...)
	}
	// Interrupted boots still leave a report of the boots that finished.
	return errors.Join(bootErr, write(rep, o))
}

func measureSizes(ctx context.Context, rep *bench.Report, repo, cache string, o options) error {
	if err := artifact.CheckBuilt(o.init); err != nil {
		return err
	}
	archBoards := map[string][]string{}
	var archs []string
	for _, name := range []string{"virt", "raspi1ap"} {
		arch := machine.Boards[name].Kernel.Arch
		if archBoards[arch] == nil {
			archs = append(archs, arch)
		}
		archBoards[arch] = append(archBoards[arch], name)
	}
	for _, arch := range archs {
		log.Printf("sizes: the seed's userland for %s", arch)
		c, err := bench.CompareUserland(ctx, cache, arch, archBoards[arch], o.init)
		if err != nil {
			return err
		}
		rep.Userland = append(rep.Userland, c)
	}
	log.Printf("sizes: building /init for %d platforms", len(bench.InitPlatforms))
	sizes, err := bench.MeasureInitSizes(ctx, repo, filepath.Join(o.out, "bin"))
	if err != nil {
		return err
	}
	rep.InitSizes = sizes
	log.Printf("sizes: splitting /init by package")
	packages, err := bench.MeasureInitPackages(ctx, repo, filepath.Join(o.out, "bin"))
	if err != nil {
		return err
	}
	rep.InitPackages = &packages
	rep.InitFeatures, err = bench.MeasureFeatures(ctx, repo, packages)
	return err
}

// boots runs the boots the flags ask for, and keeps those of the last report
// that they do not run (with -keep-boots).
func boots(ctx context.Context, rep *bench.Report, repo, cache string, o options) error {
	if err := keepOldBoots(rep, o); err != nil {
		return err
	}
	if o.network == "none" && o.applianceRuns == 0 {
		return nil
	}
	boards, err := boardList(o.boards)
	if err != nil {
		return err
	}
	rig, err := setUpRig(ctx, repo, cache, o, boards)
	if err != nil {
		return err
	}
	if rep.Environment.Kernels == nil {
		rep.Environment.Kernels = map[string]string{}
	}
	for _, name := range boards {
		rep.Environment.Kernels[name] = machine.Boards[name].Kernel.Deb().Spec()
	}
	if o.network != "none" {
		if err := runBoots(ctx, rep, rig, boards, o); err != nil {
			return err
		}
	}
	if o.applianceRuns > 0 {
		return runApplianceBoots(ctx, rep, rig, boards, o)
	}
	return nil
}

// keepOldBoots copies into rep the parts of the last report.json that this run
// does not boot again.
func keepOldBoots(rep *bench.Report, o options) error {
	if !o.keepBoots || (o.network != "none" && o.applianceRuns > 0 && o.runs > 0) {
		return nil
	}
	old, err := bench.ReadReport(filepath.Join(o.out, "report.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	rep.Environment.Kernels = old.Environment.Kernels
	if o.network == "none" && old.Boot != nil {
		rep.Boot = old.Boot
		rep.Boot.Summarize()
	}
	if o.applianceRuns == 0 && old.Appliance != nil {
		rep.Appliance = old.Appliance
		rep.Appliance.Summarize()
	}
	if o.network != "none" && o.runs == 0 {
		return keepTimedBoots(rep, old.Boot, o)
	}
	return nil
}

// keepTimedBoots has rep keep old's boots but the idle runs that this run
// (-runs 0) boots again, with a note saying so.
func keepTimedBoots(rep *bench.Report, old *bench.BootReport, o options) error {
	if old == nil || old.Network != o.network {
		return fmt.Errorf("-runs 0 keeps the timed boots of %s: it has none over %s", filepath.Join(o.out, "report.json"), o.network)
	}
	boards, err := boardList(o.boards)
	if err != nil {
		return err
	}
	kept := old.Runs[:0:0]
	for _, r := range old.Runs {
		if r.Kind == bench.KindIdle && slices.Contains(boards, r.Board) && slices.Contains(o.variants, r.Variant) {
			continue
		}
		kept = append(kept, r)
	}
	old.Runs = kept
	idling := slices.DeleteFunc(slices.Clone(o.variants), func(v string) bool { return v == bench.VariantFloor }) // no idle runs
	old.Notes = append(old.Notes, fmt.Sprintf("the idle runs of %s (%s) were taken again on %s; the timed boots are those of %s",
		strings.Join(boards, ", "), strings.Join(idling, ", "), time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		old.Taken.Format("2006-01-02 15:04 UTC")))
	rep.Boot = old
	return nil
}

func write(rep *bench.Report, o options) error {
	rep.Goals = rep.JudgeGoals()
	rep.Method = rep.MethodNotes()
	if err := bench.WriteJSON(filepath.Join(o.out, "report.json"), rep); err != nil {
		return err
	}
	chartRef := ""
	if rep.Boot != nil {
		if err := bench.WriteFileAtomic(o.chart, []byte(bench.TimelineSVG(rep.Boot))); err != nil {
			return err
		}
		rel, err := filepath.Rel(filepath.Dir(o.markdown), o.chart)
		if err != nil {
			return fmt.Errorf("place the chart next to %s: %w", o.markdown, err)
		}
		chartRef = filepath.ToSlash(rel)
	}
	if err := bench.WriteFileAtomic(o.markdown, []byte(bench.Markdown(rep, chartRef))); err != nil {
		return err
	}
	log.Printf("wrote %s and %s", filepath.Join(o.out, "report.json"), o.markdown)
	for _, g := range rep.Goals {
		log.Printf("target %s on %s: %s (%s)", g.Name, g.Scope, g.Status, g.Detail)
	}
	return nil
}

func environment() bench.Environment {
	e := bench.Environment{GoVersion: runtime.Version(), HostCPUs: runtime.NumCPU()}
	if out, err := exec.Command("qemu-system-arm", "--version").Output(); err == nil {
		e.QEMU, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
	}
	return e
}
