package benchproto

import (
	"strconv"
	"strings"
)

// The floor run's program (bench/floor) does each phase of airroot's boot alone,
// several times, and prints one line per time: "FLOOR-PHASE NAME SECONDS", the
// phase's duration. Before its last step, the real switch_root into the NFS root,
// it prints "FLOOR-PHASE switch_start UPTIME": the host ends that phase at the new
// root's init, whose result line gives its own uptime.
const (
	FloorLinePrefix = "FLOOR-PHASE "
	// FloorSwitchStart is the line whose figure is an uptime, not a duration.
	FloorSwitchStart = "switch_start"
	// FloorRoundsParam is the kernel parameter that says how many times the floor
	// program does each repeatable phase.
	FloorRoundsParam = "airroot_bench_floor_rounds"
)

// The floor program's phases.
const (
	// FloorModules is finit_module(2) of the modules airroot's modules step loads,
	// those already loaded left out, one after the other in dependency order.
	FloorModules = "modules"
	// FloorScanAssociate is the wireless interface up to associated: one scan of
	// the access point's channel, authentication and association.
	FloorScanAssociate = "wifi_associate"
	// FloorHandshake is associated to keys installed: the 4-way handshake.
	FloorHandshake = "wifi_handshake"
	// FloorWiFi is the interface up to keys installed.
	FloorWiFi = "wifi"
	// FloorDHCP is DHCPDISCOVER sent to DHCPACK received, without an ARP probe.
	FloorDHCP = "dhcp"
	// FloorDHCPServer is the part of FloorDHCP spent waiting for the server: from
	// each message sent to its answer received.
	FloorDHCPServer = "dhcp_server"
	// FloorNFS is mount(2) of the NFS root with airroot's options.
	FloorNFS = "nfs"
)

// FormatFloorLine is the line for phase's figure.
func FormatFloorLine(phase string, seconds float64) string {
	return FloorLinePrefix + phase + " " + strconv.FormatFloat(seconds, 'f', 6, 64)
}

// ParseFloorLine reads a floor line anywhere in a console line.
func ParseFloorLine(line string) (phase string, seconds float64, ok bool) {
	return parseFigureLine(FloorLinePrefix, line)
}

// DefaultFloorRounds is how many times the floor program does each repeatable
// phase when the kernel command line does not say.
const DefaultFloorRounds = 5

// FloorRounds finds FloorRoundsParam in a kernel command line: a count from 1 to
// 100, else DefaultFloorRounds.
func FloorRounds(cmdline string) int {
	for _, f := range strings.Fields(cmdline) {
		v, found := strings.CutPrefix(f, FloorRoundsParam+"=")
		if !found {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return DefaultFloorRounds
		}
		return n
	}
	return DefaultFloorRounds
}
