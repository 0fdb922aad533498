package scenario

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
)

// Fleet boots Boards boards of one scenario at once from one NFS root, each
// with its own MAC, console log and verdict, under airroot.overlay=tmpfs and
// with a persistent directory per board, boardsExport/<MAC>, mounted at persistAt
// (airroot.persist=boardsExport/%m). One nfs-ganesha serves both, as the README's
// classroom server does: the root read-only, and boardsExport read-write, an
// export of its own in which each board mounts its folder by path.
type Fleet struct {
	Boards int
}

const (
	boardsExport = "/srv/boards"
	persistAt    = "/persist"
	fleetDir     = "/fleet" // where each board writes its own file, in the overlay root
)

// fleetCmdline is what a fleet's boards boot with: the overlay, and the persistent
// directory on the root's server with the root's options, found by MAC.
var fleetCmdline = []string{"airroot.overlay=tmpfs,size=32m", "airroot.persist=" + boardsExport + "/%m", "airroot.persist.at=" + persistAt}

// validate reports what a fleet cannot do: its boards share slirp's Ethernet
// (each QEMU its own), one NFS server and a new root's guest, and nothing else
// of the test bed.
func (f *Fleet) validate(s Scenario) []error {
	if f == nil {
		return nil
	}
	var errs []error
	if f.Boards < 2 || f.Boards > 0xff {
		errs = append(errs, fmt.Errorf("a fleet of %d boards: want 2 to 255", f.Boards))
	}
	if _, wired := s.Network.(Ethernet); !wired || len(s.Faults) > 0 || s.Boot.BootFolder || s.Boot.Card != nil || s.Checks.Result != guestproto.ModeNewRoot {
		errs = append(errs, errors.New("a fleet boots over Ethernet into the new root's guest, without faults, boot folder or card"))
	}
	if e := s.Root.exportPath(); s.Root.Server != Ganesha || overlaps(e, boardsExport) {
		errs = append(errs, fmt.Errorf("a fleet's root is served by ganesha (go-nfs serves one export) at a path apart from %s, not %s from %s", boardsExport, e, s.Root.Server))
	}
	return errs
}

// overlaps reports whether paths a and b are one, or one is under the other.
func overlaps(a, b string) bool {
	a, b = strings.TrimSuffix(a, "/")+"/", strings.TrimSuffix(b, "/")+"/"
	return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}

// exports are what ganesha serves for a fleet: the root read-only, which the
// boards change only in their overlays, and boardsExport read-write; without a
// fleet, the root as it is.
func (f *Fleet) exports(root testbed.GaneshaExport, work string) []testbed.GaneshaExport {
	if f == nil {
		return []testbed.GaneshaExport{root}
	}
	root.ReadOnly = true
	return []testbed.GaneshaExport{root, {Dir: boardsDir(work), Path: boardsExport}}
}

// boardsDir is the host folder served as boardsExport, and boardDir a board's in it.
func boardsDir(work string) string { return filepath.Join(work, "boards") }
func boardDir(work string, mac string) string {
	return filepath.Join(boardsDir(work), guestproto.FleetName(mac))
}

// expect is what each board's guest checks; nil without a fleet.
func (f *Fleet) expect() *guestproto.Fleet {
	if f == nil {
		return nil
	}
	return &guestproto.Fleet{Dir: fleetDir, Persist: persistAt, Interface: "eth0"}
}

// mac is board i's MAC (QEMU's own prefix 52:54:00).
func (f *Fleet) mac(i int) string { return fmt.Sprintf("52:54:00:f1:ee:%02x", i+1) }

// runFleet boots s's boards at once against one ganesha that exports the root and
// the boards' folders, judges each board, then checks on the server side that each
// board's folder got its board's file alone and that the shared root is untouched.
func (e *Env) runFleet(ctx context.Context, s Scenario, work string) ScenarioReport {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	boards, err := e.bootFleet(ctx, s, work)
	r := newScenarioReport(s, observation{}, "", time.Since(start), filepath.Join(e.OutDir, s.Name+".*.console.log"))
	r.Boards = boards
	var problems []string
	if err != nil {
		problems = append(problems, err.Error())
	}
	for _, b := range boards {
		if b.Status != StatusPass {
			problems = append(problems, fmt.Sprintf("board %s: %s", b.MAC, b.Failure))
		}
	}
	if len(problems) > 0 {
		r.Status, r.Failure = StatusFail, strings.Join(problems, "; ")
	}
	return r
}

func (e *Env) bootFleet(ctx context.Context, s Scenario, work string) ([]ScenarioReport, error) {
	board, kernel := machine.Boards[s.Board], e.Kernels[s.Board]
	root := filepath.Join(work, "root")
	dirs := []string{root}
	for i := range s.Fleet.Boards {
		dirs = append(dirs, boardDir(work, s.Fleet.mac(i)))
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("set up %s: %w", s.Name, err)
		}
	}
	ports, srv, err := serveRoot(s, root, work)
	if err != nil {
		return nil, fmt.Errorf("set up %s: %w", s.Name, err)
	}
	defer srv.Stop()
	initrd, _, err := e.prepare(ctx, s, board, kernel, root, work, ports.NFS)
	if err != nil {
		return nil, fmt.Errorf("set up %s: %w", s.Name, err)
	}
	before, err := fingerprint(root)
	if err != nil {
		return nil, err
	}
	cmdline := KernelCmdline(board, s, ports)
	e.logf("%s: %d boards, nfs root %s and %s from %s on ports %+v, kernel command line: %s",
		s.Name, s.Fleet.Boards, root, boardsDir(work), s.Root.Server, ports, cmdline)
	reports := make([]ScenarioReport, s.Fleet.Boards)
	var wg sync.WaitGroup
	for i := range s.Fleet.Boards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reports[i] = e.bootFleetBoard(ctx, s, board, withMAC(board.QEMUArgs(kernel, initrd, cmdline), s.Fleet.mac(i)), s.Fleet.mac(i))
		}()
	}
	wg.Wait()
	errs := checkServerSide(s, work, root, before)
	if g, ok := srv.(*testbed.Ganesha); ok && s.Root.v4() {
		errs = append(errs, checkNFSv4Clients(g, s.Fleet.Boards)...)
	}
	return reports, errors.Join(errs...)
}

// checkNFSv4Clients checks that the server told the boards apart: one NFSv4
// client each. Boards that name themselves alike (the kernel's client goes by
// the host name, "(none)" on every board nobody named) are one client to the
// server, which then drops one board's opens whenever another connects.
func checkNFSv4Clients(g *testbed.Ganesha, boards int) []error {
	owners, err := g.NFSv4Clients()
	if err != nil {
		return []error{fmt.Errorf("server side: %w", err)}
	}
	if len(owners) != boards {
		return []error{fmt.Errorf("server side: ganesha holds %d NFSv4 client(s) %q for %d boards: the boards did not each name themselves to the server", len(owners), owners, boards)}
	}
	return nil
}

// bootFleetBoard boots one board of a fleet and judges it as a scenario of its own.
func (e *Env) bootFleetBoard(ctx context.Context, s Scenario, b machine.Board, args []string, mac string) ScenarioReport {
	consoleLog := filepath.Join(e.OutDir, s.Name+"."+guestproto.FleetName(mac)+".console.log")
	start := time.Now()
	obs, end, err := e.runQEMU(ctx, s, b, args, consoleLog)
	failure := judge(s, obs, end)
	if err != nil {
		failure = err.Error()
	}
	r := newScenarioReport(s, obs, failure, time.Since(start), consoleLog)
	r.Name, r.MAC = s.Name+"/"+guestproto.FleetName(mac), mac
	return r
}

// withMAC gives the board's network device mac.
func withMAC(args []string, mac string) []string {
	out := append([]string{}, args...)
	for i, a := range out {
		if strings.HasSuffix(a, ",netdev=n0") {
			out[i] = a + ",mac=" + mac
		}
	}
	return out
}

// checkServerSide looks at the server's folders after the boots: each board's
// folder holds the one file its board wrote, its own MAC, and the shared root is
// as it was before (no board's file reached it).
func checkServerSide(s Scenario, work, root string, before map[string]string) []error {
	var errs []error
	for i := range s.Fleet.Boards {
		if err := checkBoardDir(boardDir(work, s.Fleet.mac(i)), guestproto.FleetName(s.Fleet.mac(i))); err != nil {
			errs = append(errs, fmt.Errorf("server side: %w", err))
		}
	}
	after, err := fingerprint(root)
	if err != nil {
		return append(errs, err)
	}
	for p, v := range after {
		if before[p] != v {
			errs = append(errs, fmt.Errorf("server side: the shared root changed: %s (%s, was %q)", p, v, before[p]))
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			errs = append(errs, fmt.Errorf("server side: the shared root lost %s", p))
		}
	}
	return errs
}

// checkBoardDir checks that a board's folder holds guestproto.FleetPersistFile
// alone, with the board's name in it: no other board wrote there.
func checkBoardDir(dir, name string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) != 1 || entries[0].Name() != guestproto.FleetPersistFile {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return fmt.Errorf("%s holds %q, want only %s", dir, names, guestproto.FleetPersistFile)
	}
	p := filepath.Join(dir, guestproto.FleetPersistFile)
	got, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if string(got) != name {
		return fmt.Errorf("%s holds %q, want %q (its own board's)", p, got, name)
	}
	return nil
}

// fingerprint is every path under root with its size, mode and modification time.
func fingerprint(root string) (map[string]string, error) {
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fmt.Sprintf("%d %v %d", info.Size(), info.Mode(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("fingerprint the shared root %s: %w", root, err)
	}
	return out, nil
}

// fleetScenario boots three virt boards at once over Ethernet from one root that
// ganesha serves read-only over NFSv3, as the main boots' root is: each writes its
// own file in its overlay root and sees none of the others', and writes its MAC
// into its own persistent directory, which the server side then checks.
func fleetScenario() Scenario {
	return Scenario{
		Name: "virt-fleet", Board: "virt", Network: Ethernet{}, Root: ganesha(""),
		Boot:   Boot{Cmdline: fleetCmdline},
		Fleet:  &Fleet{Boards: 3},
		Checks: newRoot(bootSteps).requiring(Pattern{"overlay: the NFS root is read-only"}),
		// Three emulators on two shared cores: each boot takes about three times
		// as long as virt-ethernet's.
		Timeout: 20 * time.Minute,
	}
}

// fleetNFS4 is the fleet over NFSv4.2, as a modern server is mounted: the root and
// each board's folder looked up under ganesha's pseudo root, no MOUNT protocol.
func fleetNFS4() Scenario {
	s := fleetScenario()
	s.Name, s.Root = "virt-fleet-nfs4", ganesha("4.2")
	s.Checks = s.Checks.requiring(Pattern{"nfs: mount ", " type nfs4 (", "vers=4.2"})
	return s
}
