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
	pids, err := keeperPIDs(root)
	if err != nil {
		return 0, fmt.Errorf("keeper's memory: %w", err)
	}
	var sum int64
	for _, pid := range pids {
		data, err := fs.ReadFile(root, fmt.Sprintf("proc/%d/status", pid))
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

// keeperCPU reads the keeper's user and system CPU time in seconds, its
// supervisor's and its worker's summed.
func keeperCPU(root fs.FS) (float64, error) {
	pids, err := keeperPIDs(root)
	if err != nil {
		return 0, fmt.Errorf("keeper's CPU time: %w", err)
	}
	var sum float64
	for _, pid := range pids {
		data, err := fs.ReadFile(root, fmt.Sprintf("proc/%d/stat", pid))
		if err != nil {
			return 0, fmt.Errorf("keeper's CPU time: %w", err)
		}
		s, err := procfs.ParseStatCPU(string(data))
		if err != nil {
			return 0, err
		}
		sum += s
	}
	return sum, nil
}

// ticksRound rounds seconds to the clock tick they were counted in.
func ticksRound(s float64) float64 { return math.Round(s*procfs.UserHZ) / procfs.UserHZ }
