package bench

import (
	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/init/layout"
)

// VariantFloor is the floor run: bench/floor in place of airroot's /init, doing
// each phase of the boot alone and directly, several times (FloorPhases).
const VariantFloor = "floor"

// FloorSwitch is the floor table's last phase: switch_root begun to the new root's
// init started. The floor program does it once a boot, as the boot's end.
const FloorSwitch = "switch_root"

// point is an instant in airroot's timeline: a step's start or end, or, with no
// step, the new root's init starting.
type point struct {
	step string
	end  bool
}

// FloorPhase is one row of the floor table: what the floor program times, the
// span of airroot's timeline it is set against, and what the floor includes.
type FloorPhase struct {
	Name, Title string
	// from and to are airroot's span; both zero: no airroot figure.
	from, to point
	Includes string
}

// FloorPhases are the floor table's rows, in boot order.
var FloorPhases = []FloorPhase{
	{Name: benchproto.FloorModules, Title: "modules loaded",
		from: point{layout.StepModules, false}, to: point{layout.StepModules, true},
		Includes: "finit_module(2) of each module airroot's modules step loads (the closure of modules-load.d, less those the access point's " +
			"fixture loaded), one after the other in dependency order, chosen beforehand; then delete_module(2) of them all between rounds"},
	{Name: benchproto.FloorScanAssociate, Title: "Wi-Fi: interface up → associated",
		from: point{layout.MarkInterfaceUp, false}, to: point{layout.MarkAssociated, false},
		Includes: "airroot's own Wi-Fi code (netboot/wifi) told the channel: one scan of the access point's channel alone, " +
			"authentication and association, nothing else running"},
	{Name: benchproto.FloorHandshake, Title: "Wi-Fi: associated → keys installed",
		from: point{layout.MarkAssociated, false}, to: point{layout.MarkKeysInstalled, false},
		Includes: "the 4-way handshake and the keys installed, by the same code"},
	{Name: benchproto.FloorWiFi, Title: "Wi-Fi: interface up → keys installed",
		from: point{layout.MarkInterfaceUp, false}, to: point{layout.MarkKeysInstalled, false},
		Includes: "the two rows above"},
	{Name: benchproto.FloorDHCP, Title: "DHCP: DISCOVER → ACK",
		from: point{layout.StepDHCP, false}, to: point{layout.StepDHCP, true},
		Includes: "one DISCOVER, OFFER, REQUEST, ACK by insomniacslk's nclient4 (not airroot's client), socket opened included, no ARP probe " +
			"(airroot's dhcp step also probes the address, RFC 5227, and configures it)"},
	{Name: benchproto.FloorDHCPServer, Title: "DHCP: waiting for the server's two replies",
		Includes: "of the row above, the time from each message sent to its answer: the server's reply time and the network's"},
	{Name: benchproto.FloorNFS, Title: "NFS mount",
		from: point{layout.StepNFS, false}, to: point{layout.StepNFS, true},
		Includes: "one mount(2) of the same export with the options airroot computes from nfsroot= (package nfsroot), unmounted between rounds"},
	{Name: FloorSwitch, Title: "switch_root → new root's init",
		from: point{layout.StepSwitchRoot, false}, to: point{},
		Includes: "airroot's own switch_root (init/switchroot: the kernel mounts moved, the initramfs freed, the new init executed over a " +
			"fresh NFS mount), once a boot; airroot's also hands the root to its keeper first"},
}

// airrootDurations measures FloorPhases' spans in one airroot boot's timeline;
// newRoot is the new root's init's uptime (ok false: the boot did not get there).
func airrootDurations(steps []machine.Step, newRoot float64, ok bool) map[string][]float64 {
	out := map[string][]float64{}
	at := func(p point) (float64, bool) {
		if p.step == "" {
			return newRoot, ok
		}
		for _, s := range steps {
			if s.Name == p.step {
				if p.end {
					return s.End, true
				}
				return s.Start, true
			}
		}
		return 0, false
	}
	for _, ph := range FloorPhases {
		if ph.from == (point{}) {
			continue
		}
		from, ok1 := at(ph.from)
		to, ok2 := at(ph.to)
		if ok1 && ok2 && to >= from {
			out[ph.Name] = []float64{round3(to - from)}
		}
	}
	return out
}

// floorDurations are one floor boot's figures: its FLOOR-PHASE durations, and
// switch_root from its start to the new root's init (ok false: not reached).
func floorDurations(lines map[string][]float64, newRoot float64, ok bool) map[string][]float64 {
	out := map[string][]float64{}
	for name, v := range lines {
		if name != benchproto.FloorSwitchStart {
			out[name] = v
		}
	}
	if starts := lines[benchproto.FloorSwitchStart]; ok && len(starts) == 1 && newRoot >= starts[0] {
		out[FloorSwitch] = []float64{round3(newRoot - starts[0])}
	}
	return out
}

// FloorRow is one phase on one board: the floor's figures over every repetition
// in the floor boots, airroot's over its timed boots, and airroot's median over
// the floor's.
type FloorRow struct {
	Board    string   `json:"board"`
	Phase    string   `json:"phase"`
	Title    string   `json:"title"`
	Floor    Stat     `json:"floor"`
	Airroot  Stat     `json:"airroot"`
	Ratio    *float64 `json:"airroot_ratio,omitempty"`
	Includes string   `json:"floor_includes"`
}

// floorRows tabulates board's floor against airroot, or nothing when board has
// no successful floor boot.
func floorRows(runs []Run, board string) []FloorRow {
	floor, airroot := samplesOf(runs, board, VariantFloor), samplesOf(runs, board, VariantAirroot)
	if len(floor) == 0 {
		return nil
	}
	var rows []FloorRow
	for _, ph := range FloorPhases {
		row := FloorRow{Board: board, Phase: ph.Name, Title: ph.Title, Includes: ph.Includes,
			Floor: Summarize(floor[ph.Name]), Airroot: Summarize(airroot[ph.Name])}
		if row.Floor.N > 0 && row.Airroot.N > 0 {
			row.Ratio = Ratio(row.Airroot.Median, row.Floor.Median)
		}
		rows = append(rows, row)
	}
	return rows
}

// samplesOf gathers the phase durations of variant's successful timed boots on board.
func samplesOf(runs []Run, board, variant string) map[string][]float64 {
	out := map[string][]float64{}
	for _, r := range runs {
		if r.Board != board || r.Variant != variant || r.Kind != KindTimed || !r.OK {
			continue
		}
		for name, v := range r.Durations {
			out[name] = append(out[name], v...)
		}
	}
	return out
}
