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

// keeperRSS reads the keeper's resident memory in KiB.
func keeperRSS(root fs.FS, pid int) (int64, error) {
	data, err := fs.ReadFile(root, fmt.Sprintf("proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("keeper's memory: %w", err)
	}
	return parseVmRSS(string(data))
}

// keeperCPU reads the keeper's user and system CPU time in seconds.
func keeperCPU(root fs.FS, pid int) (float64, error) {
	data, err := fs.ReadFile(root, fmt.Sprintf("proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("keeper's CPU time: %w", err)
	}
	return procfs.ParseStatCPU(string(data))
}

// ticksRound rounds seconds to the clock tick they were counted in.
func ticksRound(s float64) float64 { return math.Round(s*procfs.UserHZ) / procfs.UserHZ }
