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

// keeperCPU reads the keeper's CPU time in seconds: its supervisor's and its
// worker's, and that of the workers that ended, which the supervisor has reaped
// (its cutime and cstime), so that the difference of two readings holds all the
// keeper did between them, a worker restart included. A live process's time is
// its threads' scheduler time (processCPU), to the nanosecond.
func keeperCPU(root fs.FS) (float64, error) {
	procs, err := keeperProcs(root)
	if err != nil {
		return 0, fmt.Errorf("keeper's CPU time: %w", err)
	}
	var sum float64
	for _, p := range procs {
		data, err := fs.ReadFile(root, fmt.Sprintf("proc/%d/stat", p.pid))
		if err != nil {
			return 0, fmt.Errorf("keeper's CPU time: %w", err)
		}
		own, err := processCPU(root, p.pid, string(data))
		if err != nil {
			return 0, err
		}
		var children uint64
		if !p.worker {
			if children, err = procfs.ParseStatChildrenCPUTicks(string(data)); err != nil {
				return 0, err
			}
		}
		sum += own + float64(children)/procfs.UserHZ
	}
	return sum, nil
}

// processCPU is the CPU time of process pid, whose /proc/PID/stat is stat: the
// sum of its threads' /proc/PID/task/TID/schedstat, in which nothing is rounded
// (a soak's minute of a quiet keeper is a few clock ticks, and stat's utime and
// stime lose up to a tick each per reading, for every process); stat's utime and
// stime when the kernel keeps no schedstat. The Go runtime keeps its threads, so
// none of the keeper's time leaves the sum with an ended thread.
func processCPU(root fs.FS, pid int, stat string) (float64, error) {
	dir := fmt.Sprintf("proc/%d/task", pid)
	tasks, err := fs.ReadDir(root, dir)
	var sum float64
	for _, t := range tasks {
		data, rerr := fs.ReadFile(root, dir+"/"+t.Name()+"/schedstat")
		if rerr != nil {
			err = rerr
			break
		}
		s, perr := procfs.ParseSchedstatSeconds(string(data))
		if perr != nil {
			return 0, fmt.Errorf("keeper's CPU time: %w", perr)
		}
		sum += s
	}
	if err == nil && len(tasks) > 0 {
		return sum, nil
	}
	ticks, err := procfs.ParseStatCPUTicks(stat)
	return float64(ticks) / procfs.UserHZ, err
}

// msRound rounds seconds to the millisecond: for CPU time finer than the
// scheduler's figures mean on a loaded emulator, and than a clock tick, for
// the kernels that keep no schedstat; for the console's times, their own grain.
func msRound(s float64) float64 { return math.Round(s*1000) / 1000 }
