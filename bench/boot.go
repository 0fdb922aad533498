package bench

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/scenario"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/airroot/airroot/modload"
)

// Rig is what every boot shares: the binaries, kernels, userlands and access point.
type Rig struct {
	// Network is "wifi" or "ethernet".
	Network string
	// WiFi is the Wi-Fi boots' security, "wpa2" or "sae" (WPA3-Personal): they
	// take the network of the e2e scenario <board>-wifi-<WiFi>.
	WiFi string
	// Airroot and Init are airroot's host tool and /init; Guest is the new root's
	// init (bench/guest built for linux/arm).
	Airroot, Init, Guest string
	Kernels              map[string]artifact.KernelFiles // by board
	Indexes              map[string]*modload.Index       // by board
	Seed                 map[string]Userland             // by Debian architecture
	// Fixture and Hostapd make the access point (Wi-Fi only); Hostapd by architecture.
	Fixture string
	Hostapd map[string]artifact.Userland
	// WiFiConfigFlag says airroot build takes --wifi-config; otherwise the station's
	// configuration goes into the appended archive at layout.WiFiConfig.Path.
	WiFiConfigFlag bool
	// Floor is the floor run's program (bench/floor built for linux/arm), which
	// takes /init's place in airroot's initramfs; FloorRounds is how often it
	// does each repeatable phase.
	Floor       string
	FloorRounds int
	// Box is the seed-004 comparison's app (bench/box built for linux/arm).
	Box string
	// Lock is the file whose lock every QEMU run holds (the e2e lock, shared with
	// the e2e tests); "" runs without it.
	Lock string
	// OutDir receives each boot's console log.
	OutDir string
	Logf   func(format string, args ...any)
}

// Boot is one boot to run.
type Boot struct {
	Board, Variant string
	Round          int
	// Idle, when positive, makes an idle run: the guest idles this long on the new
	// root, then measures the network's processes.
	Idle    time.Duration
	Timeout time.Duration
}

// Scenario returns the e2e scenario whose network a board boots over.
func (r *Rig) Scenario(board string) (scenario.Scenario, error) {
	name := board + "-ethernet"
	if r.Network == "wifi" {
		name = board + "-wifi-" + r.WiFi
	}
	for _, s := range scenario.Scenarios {
		if s.Name == name {
			return s, nil
		}
	}
	return scenario.Scenario{}, fmt.Errorf("no e2e scenario %s to take the %s network from", name, r.Network)
}

// Run boots bt and reports it; work is a scratch folder the caller removes.
func (r *Rig) Run(ctx context.Context, bt Boot, work string) Run {
	run := Run{Board: bt.Board, Variant: bt.Variant, Round: bt.Round, Kind: KindTimed, Phases: map[string]float64{}}
	if bt.Idle > 0 {
		run.Kind = KindIdle
	}
	run.ConsoleLog = filepath.Join(r.OutDir, fmt.Sprintf("%s-%s-%s-%d.console.log", bt.Board, bt.Variant, run.Kind, bt.Round))
	start := time.Now()
	w, err := r.boot(ctx, bt, work, run.ConsoleLog)
	run.WallSeconds = math.Round(time.Since(start).Seconds()*10) / 10
	if w != nil {
		run.Phases, run.KernelClockOffset, run.Durations = w.Timeline(), w.ClockOffset, w.Durations()
		if w.Result != nil {
			run.Idle, run.Rejoin = w.Result.Idle, w.Result.Rejoin
		}
	}
	run.Failure = failure(w, err, bt)
	run.OK = run.Failure == ""
	return run
}

// failure says why a boot did not count, or "".
func failure(w *Watcher, err error, bt Boot) string {
	switch {
	case err != nil:
		return err.Error()
	case w.Panic != "":
		return "kernel panic: " + w.Panic
	case w.Err != nil:
		return w.Err.Error()
	case w.Result == nil:
		return fmt.Sprintf("the new root's init never reported (timed out after %v)", bt.Timeout)
	case w.Result.Error != "":
		return "guest: " + w.Result.Error
	case bt.Idle > 0 && w.Result.Idle == nil:
		return "guest: no idle measurement"
	case bt.Idle > 0 && len(w.Result.Idle.Missing) > 0:
		return "guest: missing processes " + strings.Join(w.Result.Idle.Missing, ", ")
	}
	return ""
}

func (r *Rig) boot(ctx context.Context, bt Boot, work, consoleLog string) (*Watcher, error) {
	b, ok := machine.Boards[bt.Board]
	k, haveKernel := r.Kernels[bt.Board]
	if !ok || !haveKernel {
		return nil, fmt.Errorf("boot %s on %s: no kernel for that board", bt.Variant, bt.Board)
	}
	s, err := r.Scenario(bt.Board)
	if err != nil {
		return nil, err
	}
	root := filepath.Join(work, "root")
	if err := MakeRoot(root, r.Guest); err != nil {
		return nil, err
	}
	srv, err := testbed.StartNFSServer(root, export(s))
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	initrd := filepath.Join(work, "initrd.img")
	if err := r.initramfs(ctx, bt, s, b, k, srv.Port(), initrd); err != nil {
		return nil, err
	}
	cmdline := scenario.KernelCmdline(b, s, scenario.Ports{NFS: srv.Port()}) + r.idleParams(bt) + r.floorParams(bt)
	if r.rejoining(bt) {
		echo, err := StartEcho()
		if err != nil {
			return nil, err
		}
		defer echo.Close()
		cmdline += " " + rejoinRequest(echo.Port()).Param()
	}
	r.logf("%s %s round %d (%s): %s", bt.Board, bt.Variant, bt.Round, r.Network, cmdline)
	w := NewWatcher("wlan0", bt.Variant == VariantSeed || bt.Variant == VariantSeedTuned)
	return w, r.runQEMU(ctx, bt, b, b.QEMUArgs(k, initrd, cmdline), consoleLog, w.Line)
}

// export is the path the NFS server serves the new root at: the scenario's, as its
// nfsroot= names it.
func export(s scenario.Scenario) string { return cmp.Or(s.Root.Export, "/") }

// idleParams asks the guest to idle and measure the variant's network processes.
func (r *Rig) idleParams(bt Boot) string {
	if bt.Idle <= 0 {
		return ""
	}
	procs := "@airroot"
	if bt.Variant != VariantAirroot {
		procs = "dhcpcd"
		if r.Network == "wifi" {
			procs = "wpa_supplicant,dhcpcd"
		}
	}
	return " " + benchproto.IdleParam + "=" + strconv.FormatFloat(bt.Idle.Seconds(), 'f', -1, 64) + " airroot_bench_procs=" + procs
}

// RejoinDownSeconds is how long the access point stays off when an idle run
// times the rejoin after its restart (issue 17: "after the access point
// comes back from a 5 s outage").
const RejoinDownSeconds = 5

// rejoining reports whether bt times the Wi-Fi rejoins after its idle time:
// every idle run over Wi-Fi (the floor has none).
func (r *Rig) rejoining(bt Boot) bool {
	return bt.Idle > 0 && r.Network == "wifi" && bt.Variant != VariantFloor
}

// rejoinRequest asks the guest to time the rejoins against the host's echo
// on port, through the fixture's access point.
func rejoinRequest(port int) benchproto.RejoinRequest {
	return benchproto.RejoinRequest{
		Echo:        netip.AddrPortFrom(netip.MustParseAddr(machine.HostAddr), uint16(port)),
		HostapdCtrl: testbed.HostapdCtrl, RestartControl: testbed.APRestartControl,
	}
}

// floorParams tells the floor program how many rounds to run.
func (r *Rig) floorParams(bt Boot) string {
	if bt.Variant != VariantFloor || r.FloorRounds <= 0 {
		return ""
	}
	return " " + benchproto.FloorRoundsParam + "=" + strconv.Itoa(r.FloorRounds)
}

// runQEMU boots args on b, holding the e2e lock while QEMU runs, until done
// reports a console line ends the boot or bt's time is up.
func (r *Rig) runQEMU(ctx context.Context, bt Boot, b machine.Board, args []string, consoleLog string, done func(string) bool) error {
	console, err := os.Create(consoleLog)
	if err != nil {
		return fmt.Errorf("boot %s on %s: %w", bt.Variant, bt.Board, err)
	}
	defer console.Close()
	if r.Lock != "" {
		r.logf("%s %s round %d: waiting for the e2e lock %s", bt.Board, bt.Variant, bt.Round, r.Lock)
	}
	unlock, err := lockE2E(ctx, r.Lock)
	if err != nil {
		return err
	}
	defer unlock()
	ctx, cancel := context.WithTimeout(ctx, bt.Timeout+bt.Idle)
	defer cancel()
	_, err = machine.RunQEMU(ctx, machine.QEMURun{
		Binary:  b.QEMU,
		Args:    args,
		Console: console,
		OnLine: func(line string) machine.Action {
			if done(line) {
				return machine.StopNow
			}
			return machine.Continue
		},
	})
	return err
}

func (r *Rig) logf(format string, args ...any) {
	if r.Logf != nil {
		r.Logf(format, args...)
	}
}

// MakeRoot fills dir with the new root: the guest as /sbin/init and the folders the
// seed moves its mounts onto.
func MakeRoot(dir, guest string) error {
	for _, d := range []string{"proc", "sys", "dev", "run", "tmp", "sbin"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return fmt.Errorf("make the new root: %w", err)
		}
	}
	data, err := os.ReadFile(guest)
	if err != nil {
		return fmt.Errorf("make the new root: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sbin", "init"), data, 0o755); err != nil {
		return fmt.Errorf("make the new root: %w", err)
	}
	return nil
}
