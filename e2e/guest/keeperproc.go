package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
)

// userHZ is the unit of /proc/PID/stat's times (USER_HZ, 100 on every Linux ABI).
const userHZ = 100

// parseVmRSS finds VmRSS in /proc/PID/status, in KiB.
func parseVmRSS(status string) (int64, error) {
	sc := bufio.NewScanner(strings.NewReader(status))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != "VmRSS" {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, fmt.Errorf("parse VmRSS %q: want a number of kB", rest)
		}
		return strconv.ParseInt(fields[0], 10, 64)
	}
	return 0, fmt.Errorf("no VmRSS line in the process status")
}

// parseCPUTicks returns utime+stime from /proc/PID/stat, in clock ticks. The command
// name in parentheses may hold spaces and parentheses: fields count from the last ')'.
func parseCPUTicks(stat string) (int64, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("parse process stat %q: no ')' after the command name", stat)
	}
	fields := strings.Fields(stat[i+1:])
	// fields[0] is the state (field 3); utime and stime are fields 14 and 15.
	if len(fields) < 13 {
		return 0, fmt.Errorf("parse process stat: %d fields after the command name, want at least 13", len(fields))
	}
	var total int64
	for _, f := range fields[11:13] {
		v, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parse process stat: utime/stime %q: %w", f, err)
		}
		total += v
	}
	return total, nil
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
	ticks, err := parseCPUTicks(string(data))
	return float64(ticks) / userHZ, err
}

// ticksRound rounds seconds to the clock tick they were counted in.
func ticksRound(s float64) float64 { return math.Round(s*userHZ) / userHZ }
