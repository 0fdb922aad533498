// Command floor is the floor run's first program after the test access point's
// fixture (bench's "floor" variant, in place of airroot's /init): it does each
// phase of airroot's Wi-Fi NFS-root boot alone and directly, one after the other,
// several times each, and prints each duration as a FLOOR-PHASE line
// (bench/benchproto): finit_module(2) of the modules airroot's modules step loads;
// a Wi-Fi join that scans only the access point's channel; a DHCP exchange without
// an ARP probe; mount(2) of the NFS root with airroot's options. Last it switches
// into the NFS root as airroot does, and the new root's init reports its uptime.
package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
)

func main() {
	err := run() // returns only on failure
	report(benchproto.Result{Error: "floor: " + err.Error()})
	for { // PID 1 must not exit (the kernel would panic); the host ends QEMU.
		time.Sleep(time.Hour)
	}
}

// run does every phase, rounds times each, and switches root; it returns only on
// failure. The fixture mounted /proc, /sys and /dev before it exec'd the floor.
func run() error {
	cmdline, err := os.ReadFile("/proc/cmdline")
	if err != nil {
		return fmt.Errorf("read the kernel command line: %w", err)
	}
	rounds := benchproto.FloorRounds(string(cmdline))
	if err := loadModules(rounds); err != nil {
		return err
	}
	if err := joinWiFi(rounds); err != nil {
		return err
	}
	lease, err := leaseAddress(rounds)
	if err != nil {
		return err
	}
	if err := mountRoot(rounds, strings.Fields(string(cmdline)), lease); err != nil {
		return err
	}
	return switchRoot()
}

// emit prints one floor line, starting on a fresh line so the host finds it whole.
func emit(phase string, seconds float64) {
	os.Stdout.WriteString("\n" + benchproto.FormatFloorLine(phase, seconds) + "\n")
}

// report prints the result line that ends the boot early.
func report(r benchproto.Result) {
	line, err := benchproto.FormatResult(r)
	if err != nil {
		line = benchproto.ResultPrefix + `{"error":"floor: encode result"}`
	}
	os.Stdout.WriteString("\n" + line + "\n")
}
