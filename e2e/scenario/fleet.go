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
// with a persistent directory per board, exported as boardsExport/<MAC> and
// mounted at persistAt (airroot.persist=boardsExport/%m).
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
	return errs
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

// runFleet boots s's boards at once against one NFS server that exports the root
// and each board's directory, judges each board, then checks on the server side
// that each directory got its board's file and that the shared root is untouched.
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
	exports := []testbed.Export{{Path: s.Root.exportPath(), Dir: root}}
	for i := range s.Fleet.Boards {
		name := guestproto.FleetName(s.Fleet.mac(i))
		exports = append(exports, testbed.Export{Path: boardsExport + "/" + name, Dir: filepath.Join(work, "boards", name)})
	}
	for _, x := range exports {
		if err := os.MkdirAll(x.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("set up %s: %w", s.Name, err)
		}
	}
	srv, err := testbed.StartNFSServerExports(exports)
	if err != nil {
		return nil, fmt.Errorf("set up %s: %w", s.Name, err)
	}
	defer srv.Stop()
	initrd, _, err := e.prepare(ctx, s, board, kernel, root, work, srv.Port())
	if err != nil {
		return nil, fmt.Errorf("set up %s: %w", s.Name, err)
	}
	before, err := fingerprint(root)
	if err != nil {
		return nil, err
	}
	cmdline := KernelCmdline(board, s, Ports{NFS: srv.Port()})
	e.logf("%s: %d boards, nfs root %s on port %d, kernel command line: %s", s.Name, s.Fleet.Boards, root, srv.Port(), cmdline)
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
	return reports, errors.Join(checkServerSide(s, work, root, before)...)
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
// directory holds the file its board wrote, its own MAC, and the shared root is
// as it was before (no board's file reached it).
func checkServerSide(s Scenario, work, root string, before map[string]string) []error {
	var errs []error
	for i := range s.Fleet.Boards {
		name := guestproto.FleetName(s.Fleet.mac(i))
		p := filepath.Join(work, "boards", name, guestproto.FleetPersistFile)
		got, err := os.ReadFile(p)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("server side: %w", err))
		case string(got) != name:
			errs = append(errs, fmt.Errorf("server side: %s holds %q, want %q (its own board's)", p, got, name))
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

// fleetScenario boots three virt boards at once over Ethernet from one root: each
// writes its own file in its overlay root and sees none of the others', and writes
// its MAC into its own persistent directory, which the server side then checks.
func fleetScenario() Scenario {
	return Scenario{
		Name: "virt-fleet", Board: "virt", Network: Ethernet{},
		Boot:   Boot{Cmdline: fleetCmdline},
		Fleet:  &Fleet{Boards: 3},
		Checks: newRoot(bootSteps).requiring(Pattern{"overlay: the NFS root is read-only"}),
		// Three emulators on two shared cores: each boot takes about three times
		// as long as virt-ethernet's.
		Timeout: 20 * time.Minute,
	}
}
