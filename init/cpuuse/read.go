package cpuuse

import (
	"os"
	"path/filepath"
	"strconv"
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
// supervisor and its worker): the processes whose parent is pid.
func familyCPU(proc string, pid int) time.Duration {
	total, _ := processCPU(proc, pid)
	entries, err := os.ReadDir(proc)
	if err != nil {
		return total
	}
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil || child == pid {
			continue
		}
		if cpu, ppid := processCPU(proc, child); ppid == pid {
			total += cpu
		}
	}
	return total
}
