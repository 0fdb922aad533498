package bench

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/scenario"
	"github.com/airroot/airroot/e2e/testbed"
)

// The seed-004 comparison's variants: both run the card's box beside the network.
const (
	// VariantAirrootApp is airroot's appliance mode: no NFS root on the command
	// line, so PID 1 runs the card's box.
	VariantAirrootApp = "airroot-app"
	// VariantSeed004 is seed 004's busybox init and start-up script, tuned.
	VariantSeed004 = "seed004"
)

// ApplianceVariants are the seed-004 comparison's variants in the order each
// round boots them.
var ApplianceVariants = []string{VariantAirrootApp, VariantSeed004}

// The app's milestones, in guest uptime.
const (
	PhaseAppFirst = "app's first line"
	PhaseAppReply = "app's first reply"
)

// applianceScenario is the e2e scenario whose network and card a board's
// seed-004 boots take: the card holds wpa_supplicant.conf and box.
func applianceScenario(board string) (scenario.Scenario, error) {
	name := board + "-wifi-appliance"
	for _, s := range scenario.Scenarios {
		if s.Name == name {
			return s, nil
		}
	}
	return scenario.Scenario{}, fmt.Errorf("no e2e scenario %s to take the appliance's network and card from", name)
}

// cardDevice is the card's partition under /dev, as the kernel names it.
func cardDevice(b machine.Board) string {
	if b.CardDevice == "" {
		return "mmcblk0p1" // the board's SD slot
	}
	return "vda1" // the first virtio disk
}

// RunAppliance boots bt, a seed-004 comparison boot, and reports it; work is a
// scratch folder the caller removes.
func (r *Rig) RunAppliance(ctx context.Context, bt Boot, work string) Run {
	run := Run{Board: bt.Board, Variant: bt.Variant, Round: bt.Round, Kind: KindTimed, Phases: map[string]float64{}}
	run.ConsoleLog = filepath.Join(r.OutDir, fmt.Sprintf("%s-%s-%d.console.log", bt.Board, bt.Variant, bt.Round))
	start := time.Now()
	w, size, err := r.bootAppliance(ctx, bt, work, run.ConsoleLog)
	run.WallSeconds = math.Round(time.Since(start).Seconds()*10) / 10
	run.InitramfsGzipBytes = size
	if w != nil {
		run.Phases = w.Phases
	}
	run.Failure = appFailure(w, err, bt)
	run.OK = run.Failure == ""
	return run
}

// appFailure says why a seed-004 boot did not count, or "".
func appFailure(w *AppWatcher, err error, bt Boot) string {
	switch {
	case err != nil:
		return err.Error()
	case w.Panic != "":
		return "kernel panic: " + w.Panic
	case !w.Done():
		return fmt.Sprintf("the app's first reply never came (timed out after %v)", bt.Timeout)
	}
	return ""
}

func (r *Rig) bootAppliance(ctx context.Context, bt Boot, work, consoleLog string) (*AppWatcher, int64, error) {
	b, ok := machine.Boards[bt.Board]
	k, haveKernel := r.Kernels[bt.Board]
	if !ok || !haveKernel {
		return nil, 0, fmt.Errorf("boot %s on %s: no kernel for that board", bt.Variant, bt.Board)
	}
	s, err := applianceScenario(bt.Board)
	if err != nil {
		return nil, 0, err
	}
	echo, err := StartEcho()
	if err != nil {
		return nil, 0, err
	}
	defer echo.Close()
	card := filepath.Join(work, "card.img")
	if err := r.makeCard(s, card); err != nil {
		return nil, 0, err
	}
	initrd := filepath.Join(work, "initrd.img")
	size, err := r.applianceInitramfs(ctx, bt, s, b, k, initrd)
	if err != nil {
		return nil, 0, err
	}
	cmdline := scenario.KernelCmdline(b, s, scenario.Ports{}) + " " + echo.Param()
	r.logf("%s %s round %d (seed 004): %s", bt.Board, bt.Variant, bt.Round, cmdline)
	w := NewAppWatcher()
	args := append(b.QEMUArgs(k, initrd, cmdline), b.CardArgs(card)...)
	return w, size, r.runQEMU(ctx, bt, b, args, consoleLog, w.Line)
}

// makeCard writes the card both variants boot: box, and the station's
// networks with PSKs only (so that neither hashes a pass-phrase at boot).
func (r *Rig) makeCard(s scenario.Scenario, path string) error {
	w, ok := s.Network.(scenario.WiFi)
	if !ok {
		return fmt.Errorf("make the card: scenario %s is not over Wi-Fi", s.Name)
	}
	conf, err := HashedConfig(w.Station.Config)
	if err != nil {
		return fmt.Errorf("make the card: %w", err)
	}
	box, err := os.ReadFile(r.Box)
	if err != nil {
		return fmt.Errorf("make the card: %w", err)
	}
	return artifact.MakeCard(path, map[string][]byte{"wpa_supplicant.conf": conf, scenario.CardApp: box})
}

// applianceInitramfs writes bt's initramfs to out: the variant's own gzip'd
// archive, whose size it returns, then the access point's files.
func (r *Rig) applianceInitramfs(ctx context.Context, bt Boot, s scenario.Scenario, b machine.Board, k artifact.KernelFiles, out string) (int64, error) {
	station, card := s.StationModules(b), s.CardModules(b)
	bed, _ := s.WiFiBed(b)
	files := testbed.WiFiFiles{
		Fixture: r.Fixture, Hostapd: r.Hostapd[b.Kernel.Arch],
		Modules: r.Indexes[bt.Board], ModulesDir: k.ModulesDir, Release: b.Kernel.Release,
	}
	extra, err := files.Records(bed, slices.Concat(station, card))
	if err != nil {
		return 0, err
	}
	var gz []byte
	if bt.Variant == VariantAirrootApp {
		gz, err = r.airrootApplianceArchive(ctx, k, station, card, out)
	} else {
		gz, err = r.seed004Archive(b, k, station, card)
	}
	if err != nil {
		return 0, err
	}
	return int64(len(gz)), writeWithExtra(out, gz, extra)
}

// airrootApplianceArchive runs airroot build with the station's modules to
// load and the card's to include, as the e2e appliance scenarios build it: no
// networks built in (they are on the card), no app (it is on the card).
func (r *Rig) airrootApplianceArchive(ctx context.Context, k artifact.KernelFiles, station, card []string, out string) ([]byte, error) {
	base := out + ".airroot.cpio.gz"
	defer os.Remove(base)
	cmd := exec.CommandContext(ctx, r.Airroot, "build", "--init", r.Init, "--modules-dir", k.ModulesDir,
		"--modules", strings.Join(station, ","), "--include-modules", strings.Join(card, ","), "-o", base)
	if printed, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build airroot's appliance initramfs: %w: %s", err, bytes.TrimSpace(printed))
	}
	gz, err := os.ReadFile(base)
	if err != nil {
		return nil, fmt.Errorf("build airroot's appliance initramfs: %w", err)
	}
	return gz, nil
}

// seed004Archive is seed 004's initramfs, gzip'd at level 9 as airroot build's.
func (r *Rig) seed004Archive(b machine.Board, k artifact.KernelFiles, station, card []string) ([]byte, error) {
	u, ok := r.Seed[b.Kernel.Arch]
	if !ok {
		return nil, fmt.Errorf("seed 004 initramfs for %s: no seed userland for %s", b.Name, b.Kernel.Arch)
	}
	spec := Seed004Initramfs{
		Script:   Seed004Script{Card: cardDevice(b), Station: "wlan0"},
		Userland: u, ModulesDir: k.ModulesDir, Index: r.Indexes[b.Name], Release: b.Kernel.Release,
		Modules: slices.Concat(station, card),
	}
	a, err := spec.Archive()
	if err != nil {
		return nil, err
	}
	return compressArchive(a)
}
