package cpuuse

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Read samples the CPU time counted under proc (/proc): all CPUs', the
// process self's, and, when keeper is not 0, that of the process keeper and
// its children. A process gone between the listing and its read counts for
// nothing; an unreadable /proc/stat is an error.
func Read(proc string, self, keeper int) (Sample, error) {
	var s Sample
	b, err := os.ReadFile(filepath.Join(proc, "stat"))
	if err != nil {
		return s, err
	}
	if s.Busy, s.Idle, s.CPUs, err = ParseStat(b); err != nil {
		return s, err
	}
	s.Self, _ = processCPU(proc, self)
	if keeper != 0 {
		s.Keeper = familyCPU(proc, keeper)
	}
	return s, nil
}

// processCPU is one process's user and system time, and its parent.
func processCPU(proc string, pid int) (time.Duration, int) {
	b, err := os.ReadFile(filepath.Join(proc, strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, 0
	}
	ppid, cpu, err := ParseProcStat(b)
	if err != nil {
		return 0, 0
	}
	return cpu, ppid
}

// familyCPU is the CPU time of pid and of its children (the keeper's
// supervisor and its worker).
func familyCPU(proc string, pid int) time.Duration {
	total, _ := processCPU(proc, pid)
	children, ok := childrenOf(proc, pid)
	if !ok {
		return total + scanChildren(proc, pid)
	}
	for _, child := range children {
		if cpu, ppid := processCPU(proc, child); ppid == pid {
			total += cpu
		}
	}
	return total
}

// childrenOf lists pid's children from each of its threads'
// task/TID/children (CONFIG_PROC_CHILDREN): a few reads where scanning
// /proc reads a file per process, on the boot's path to the new root.
func childrenOf(proc string, pid int) ([]int, bool) {
	dir := filepath.Join(proc, strconv.Itoa(pid), "task")
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return nil, false
	}
	var out []int
	for _, t := range tasks {
		b, err := os.ReadFile(filepath.Join(dir, t.Name(), "children"))
		if err != nil {
			return nil, false // not in this kernel
		}
		for _, f := range strings.Fields(string(b)) {
			if child, err := strconv.Atoi(f); err == nil {
				out = append(out, child)
			}
		}
	}
	return out, true
}

// scanChildren is the CPU time of pid's children, found by reading every
// process's stat once.
func scanChildren(proc string, pid int) time.Duration {
	entries, err := os.ReadDir(proc)
	if err != nil {
		return 0
	}
	var sum time.Duration
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil || child == pid {
			continue
		}
		if cpu, ppid := processCPU(proc, child); ppid == pid {
			sum += cpu
		}
	}
	return sum
}
