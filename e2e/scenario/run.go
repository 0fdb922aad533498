package scenario

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/modload"
	"github.com/u-root/u-root/pkg/cpio"
)

const (
	// markerPath is the random file the harness adds to every initramfs.
	markerPath = "/airroot-e2e-marker"
	// markerSize is its size: more than the rest of an idle system keeps in RAM-backed
	// files, so the guest can tell whether the initramfs was freed.
	markerSize = 8 << 20
	// exitGrace is how long a board that powers off by itself gets to end QEMU.
	exitGrace = 30 * time.Second
)

// Env is what every scenario run shares: the binaries under test, the kernels and
// where console logs go.
type Env struct {
	Airroot string // host tool, out/airroot
	Init    string // airroot's PID 1, out/init
	Guest   string // the e2e guest program built for linux/arm
	Kernels map[string]artifact.KernelFiles
	// Busybox is Debian's static busybox on the host, by Debian architecture: the
	// initramfs's /bin/sh for Boot.Shell, and the demo's shell.
	Busybox map[string]string
	OutDir  string // console logs: OutDir/<scenario>.console.log
	// Logf receives progress lines (what airroot build printed, the command line); nil: none.
	Logf func(format string, args ...any)

	// What Wi-Fi scenarios need besides; set up only when one runs.
	// Fixture is the access-point fixture built for linux/arm.
	Fixture string
	// Userland is hostapd and what it loads, Dnsmasq dnsmasq and what it loads, by
	// Debian architecture.
	Userland map[string]artifact.Userland
	Dnsmasq  map[string]artifact.Userland
	// ModuleIndexes index each board's modules tree, by board name.
	ModuleIndexes map[string]*modload.Index
	// WiFiConfigFlag says airroot build takes --wifi-config; without it the station's
	// configuration goes into the test archive at layout.WiFiConfig.Path.
	WiFiConfigFlag bool

	// ConsoleTee, when set, also receives the raw console bytes as they come.
	ConsoleTee io.Writer
	// Shell, when set, gives the guest a shell after its checks (the demo's DEMO_SHELL).
	Shell *Shell
	// Quiet, when set, is called once a scenario that is QuietOnceSoaking has begun
	// its soak (see Schedule).
	Quiet func()
}

func (e *Env) logf(format string, args ...any) {
	if e.Logf != nil {
		e.Logf(format, args...)
	}
}

// Run boots s and reports how it went; work is a scratch folder the caller removes.
func (e *Env) Run(ctx context.Context, s Scenario, work string) ScenarioReport {
	if s.Fleet != nil {
		return e.runFleet(ctx, s, work)
	}
	r := e.runBoot(ctx, s, work, filepath.Join(e.OutDir, s.Name+".console.log"))
	if s.reboots() {
		r = e.reboot(ctx, s, work, r)
	}
	return r
}

// runBoot boots s once, its console to consoleLog, and judges it.
func (e *Env) runBoot(ctx context.Context, s Scenario, work, consoleLog string) ScenarioReport {
	scenarioCtx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	obs, end, err := e.boot(scenarioCtx, s, work, consoleLog)
	if end.Reason == machine.EndTimeout && ctx.Err() != nil {
		end.Reason = machine.EndAborted
	}
	failure := judge(s, obs, end)
	if err != nil {
		failure = err.Error()
	}
	return newScenarioReport(s, obs, failure, end.Wall, consoleLog)
}

func (e *Env) boot(ctx context.Context, s Scenario, work, consoleLog string) (observation, machine.End, error) {
	board, ok := s.board()
	kernel, haveKernel := e.Kernels[s.Board]
	if !ok || !haveKernel {
		return observation{}, machine.End{}, fmt.Errorf("set up %s: no kernel for board %q", s.Name, s.Board)
	}
	root := filepath.Join(work, "root")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return observation{}, machine.End{}, fmt.Errorf("set up %s: %w", s.Name, err)
	}
	ports, srv, err := serveRoot(s, root, work)
	if err != nil {
		return observation{}, machine.End{}, fmt.Errorf("set up %s: %w", s.Name, err)
	}
	if srv != nil {
		defer srv.Stop()
	}
	initrd, exp, err := e.prepare(ctx, s, board, kernel, root, work, ports.NFS)
	if err != nil {
		return observation{}, machine.End{}, fmt.Errorf("set up %s: %w", s.Name, err)
	}
	cmdline := KernelCmdline(board, s, ports)
	if s.Boot.BootFolder {
		if kernel, initrd, cmdline, err = e.bootFolder(ctx, s, board, work, ports); err != nil {
			return observation{}, machine.End{}, fmt.Errorf("set up %s: %w", s.Name, err)
		}
	}
	e.logf("%s: nfs root %s from %s on ports %+v (marker %d bytes), kernel command line: %s", s.Name, root, s.Root.Server, ports, exp.MarkerSize, cmdline)
	args := board.QEMUArgs(kernel, initrd, cmdline)
	if s.Boot.Card != nil {
		card, err := e.makeCard(s, work)
		if err != nil {
			return observation{}, machine.End{}, fmt.Errorf("set up %s: %w", s.Name, err)
		}
		args = append(args, board.CardArgs(card)...)
	}
	if _, ok := findFault[NoRadio](s); ok {
		if board.Stick == nil || len(board.Stick.Args) == 0 {
			return observation{}, machine.End{}, fmt.Errorf("set up %s: board %s has no USB controller to add", s.Name, board.Name)
		}
		args = append(args, board.Stick.Args...)
	}
	var also []func(string)
	var restarter *nfsRestarter
	if r, ok := findFault[NFSRestart](s); ok {
		restarter = newNFSRestarter(r, srv)
		also = append(also, restarter.line)
	}
	plugger := e.newStickPlugger(s, board, work) // nil without a HotplugStick
	puller := newCablePuller(s, work)            // nil without a CablePull
	also = append(also, plugger.line, puller.line)
	if e.Quiet != nil && s.QuietOnceSoaking() {
		also = append(also, onSoakBegun(e.Quiet))
	}
	obs, end, err := e.runQEMU(ctx, s, board, slices.Concat(args, plugger.qemuArgs(), puller.qemuArgs()), consoleLog, also...)
	if restarter != nil {
		obs.NFSRestart = restarter.result()
	}
	obs.CablePull = puller.result()
	return obs, end, err
}

// prepare writes the NFS root and the initramfs and returns the initramfs's path.
func (e *Env) prepare(ctx context.Context, s Scenario, b machine.Board, k artifact.KernelFiles, root, work string, port int) (string, guestproto.Expect, error) {
	probe := make([]byte, 4096)
	rand.Read(probe)
	exp := testbed.ExpectFor(guestproto.Expect{
		Scenario: s.Name, Server: s.server(), Port: port,
		MarkerPath: markerPath, MarkerSize: markerSize, DeviceRule: s.Boot.DeviceRule, Soak: s.soak(),
		Fleet: s.Fleet.expect(),
	}, probe)
	var wifi wifiParts
	if bed, ok := s.WiFiBed(b); ok {
		var err error
		if wifi, err = e.wifiParts(s, bed, b, k, work); err != nil {
			return "", exp, err
		}
		exp.RetainedBytes, exp.HostapdCtrl = wifi.retained, testbed.HostapdCtrl
		if bed.AP.DHCP != nil {
			exp.Hostname, exp.Address, exp.NamedBy = bed.AP.DHCP.Hostname, bed.AP.DHCP.Addr(), "the DHCP server's pin for the board's MAC"
		}
	}
	if ip := s.Boot.StaticIP; ip != nil {
		exp.Hostname, exp.Address, exp.NamedBy = ip.Hostname, ip.Addr, "ip='s static configuration"
	}
	stick, err := makeStick(s, work)
	if err != nil {
		return "", exp, err
	}
	exp.Stick = stick
	spec := testbed.RootSpec{Guest: e.Guest, WithoutInit: s.Root.WithoutInit, Expect: exp, Probe: probe}
	if e.Shell != nil {
		spec.Expect.Shell, spec.Busybox = testbed.ShellBusybox, e.Shell.Busybox
	}
	if err := testbed.MakeNFSRoot(root, spec); err != nil {
		return "", exp, err
	}
	if s.Boot.BootFolder {
		return "", exp, nil // the initramfs comes with the boot folder
	}
	extra, err := e.extraFiles(s, b, exp)
	if err != nil {
		return "", exp, err
	}
	initrd := filepath.Join(work, "initrd.img")
	load, include := airrootModules(s, b)
	printed, err := e.initramfs(ctx, s, artifact.InitramfsSpec{
		Airroot: e.Airroot, Init: e.Init, ModulesDir: k.ModulesDir,
		Modules: load, IncludeModules: include, Extra: append(extra, wifi.records...),
		WiFiConfig: wifi.wifiConfig, Overlay: s.Fleet != nil,
	}, work, initrd)
	e.logf("%s: airroot build:\n%s", s.Name, strings.TrimSpace(printed))
	return initrd, exp, err
}

// extraFiles are the test-only initramfs files: the marker, the expectations (for the
// rescue shell) and, when asked, the guest or busybox as /bin/sh.
func (e *Env) extraFiles(s Scenario, b machine.Board, exp guestproto.Expect) ([]cpio.Record, error) {
	expect, err := json.Marshal(exp)
	if err != nil {
		return nil, fmt.Errorf("encode expectations: %w", err)
	}
	records := []cpio.Record{
		artifact.FileRecord(markerPath, randomMarker(markerSize), 0o644),
		artifact.FileRecord(guestproto.ExpectPath, expect, 0o644),
	}
	if s.Boot.DeviceRule != nil {
		records = append(records, artifact.FileRecord(layout.MdevConf.Path, []byte(s.Boot.DeviceRule.Conf+"\n"), 0o644))
	}
	if s.Boot.RescueShell {
		guest, err := os.ReadFile(e.Guest)
		if err != nil {
			return nil, fmt.Errorf("add rescue shell: %w", err)
		}
		records = append(records, artifact.FileRecord(layout.Shell.Path, guest, 0o755))
	}
	if s.Boot.Shell {
		busybox, err := os.ReadFile(e.Busybox[b.Kernel.Arch])
		if err != nil {
			return nil, fmt.Errorf("add busybox as %s: %w", layout.Shell.Path, err)
		}
		records = append(records, artifact.FileRecord(layout.Shell.Path, busybox, 0o755))
	}
	return records, nil
}

// runQEMU boots args and watches the console; each of also sees every line too.
func (e *Env) runQEMU(ctx context.Context, s Scenario, b machine.Board, args []string, consoleLog string, also ...func(line string)) (observation, machine.End, error) {
	console, err := os.Create(consoleLog)
	if err != nil {
		return observation{}, machine.End{}, fmt.Errorf("set up %s: %w", s.Name, err)
	}
	defer console.Close()
	w := newWatcher(s.Checks)
	run := machine.QEMURun{
		Binary:  b.QEMU,
		Args:    args,
		Console: io.Writer(console),
		OnLine: func(line string) machine.Action {
			started := w.observation().ShellStarted
			w.Line(line)
			for _, f := range also {
				f(line)
			}
			if !started && w.observation().ShellStarted && e.Shell != nil && e.Shell.OnStart != nil {
				e.Shell.OnStart()
			}
			return decide(s.Checks, b, w.observation(), e.Shell != nil)
		},
		ExitGrace: exitGrace,
	}
	if e.ConsoleTee != nil {
		run.Console = io.MultiWriter(console, e.ConsoleTee)
	}
	if e.Shell != nil {
		run.Stdin = e.Shell.Input
	}
	end, err := machine.RunQEMU(ctx, run)
	return w.observation(), end, err
}

// rootServer is the NFS server a scenario's root is served from: go-nfs or ganesha.
type rootServer interface {
	Stop() error
	Restart(down time.Duration) error
}

// serveRoot starts the scenario's NFS server for root (ganesha keeps its state in
// work; for a fleet it also serves the boards' folders), or with a DeadNFS fault
// finds a port where nothing listens (and returns no server).
func serveRoot(s Scenario, root, work string) (Ports, rootServer, error) {
	if _, dead := findFault[DeadNFS](s); dead {
		port, err := testbed.ClosedPort()
		return Ports{NFS: port}, nil, err
	}
	if s.Root.Server == Ganesha {
		exports := s.Fleet.exports(testbed.GaneshaExport{Dir: root, Path: s.Root.exportPath()}, work)
		g, err := testbed.StartGanesha(exports, filepath.Join(work, "ganesha"), s.Root.ganeshaVersions(), nil)
		if err != nil {
			return Ports{}, nil, err
		}
		return Ports{NFS: g.Port(), Mount: g.MountPort()}, g, nil
	}
	srv, err := testbed.StartNFSServer(root, s.Root.exportPath())
	if err != nil {
		return Ports{}, nil, err
	}
	return Ports{NFS: srv.Port()}, srv, nil
}

// randomMarker returns n bytes that do not compress.
func randomMarker(n int) []byte {
	var seed [32]byte
	rand.Read(seed[:])
	b := make([]byte, n)
	mrand.NewChaCha8(seed).Read(b)
	return b
}
