package main

import (
	"fmt"
	"io/fs"
	"math"
	"strings"

	"github.com/airroot/airroot/e2e/procfs"
)

// parseVmRSS finds VmRSS in /proc/PID/status, in KiB; a status without it
// is an error (the keeper is no kernel thread).
func parseVmRSS(status string) (int64, error) {
	if !strings.Contains(status, "\nVmRSS:") && !strings.HasPrefix(status, "VmRSS:") {
		return 0, fmt.Errorf("no VmRSS line in the process status")
	}
	m, err := procfs.ParseStatusMemory(status)
	return m.RSS, err
}

// keeperRSS reads the keeper's resident memory in KiB: its supervisor's and its
// worker's, summed (what stays in RAM for the keeper).
func keeperRSS(root fs.FS) (int64, error) {
	procs, err := keeperProcs(root)
	if err != nil {
		return 0, fmt.Errorf("keeper's memory: %w", err)
	}
	var sum int64
	for _, p := range procs {
		data, err := fs.ReadFile(root, fmt.Sprintf("proc/%d/status", p.pid))
		if err != nil {
			return 0, fmt.Errorf("keeper's memory: %w", err)
		}
		kib, err := parseVmRSS(string(data))
		if err != nil {
			return 0, err
		}
		sum += kib
	}
	return sum, nil
}

// keeperCPU reads the keeper's user and system CPU time in seconds: its
// supervisor's and its worker's, and that of the workers that ended, which the
// supervisor has reaped (its cutime and cstime), so that the difference of two
// readings holds all the keeper did between them, a worker restart included.
func keeperCPU(root fs.FS) (float64, error) {
	procs, err := keeperProcs(root)
	if err != nil {
		return 0, fmt.Errorf("keeper's CPU time: %w", err)
	}
	var ticks uint64
	for _, p := range procs {
		data, err := fs.ReadFile(root, fmt.Sprintf("proc/%d/stat", p.pid))
		if err != nil {
			return 0, fmt.Errorf("keeper's CPU time: %w", err)
		}
		own, err := procfs.ParseStatCPUTicks(string(data))
		if err != nil {
			return 0, err
		}
		var children uint64
		if !p.worker {
			if children, err = procfs.ParseStatChildrenCPUTicks(string(data)); err != nil {
				return 0, err
			}
		}
		ticks += own + children
	}
	return float64(ticks) / procfs.UserHZ, nil
}

// ticksRound rounds seconds to the clock tick they were counted in.
func ticksRound(s float64) float64 { return math.Round(s*procfs.UserHZ) / procfs.UserHZ }
