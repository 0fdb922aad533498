// Package procfs parses the /proc files the test programs on the new root read
// about processes and the clock: e2e's guest (the keeper's soak) and bench's
// guest (the network daemons' memory and CPU after switch_root).
package procfs

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// UserHZ is USER_HZ, the unit of /proc/PID/stat's times: 100 on every Linux
// architecture this project boots.
const UserHZ = 100

// Memory is what /proc/PID/status says of a process's resident memory, in KiB:
// VmRSS and its parts (anonymous: heap, stacks, runtime; file: the mapped
// program and libraries; shared memory).
type Memory struct{ RSS, Anon, File, Shmem int64 }

// ParseStatusMemory reads VmRSS, RssAnon, RssFile and RssShmem from
// /proc/PID/status; a kernel thread has none and gets zeros.
func ParseStatusMemory(status string) (Memory, error) {
	var m Memory
	fields := map[string]*int64{"VmRSS:": &m.RSS, "RssAnon:": &m.Anon, "RssFile:": &m.File, "RssShmem:": &m.Shmem}
	for _, line := range strings.Split(status, "\n") {
		key, rest, _ := strings.Cut(line, "\t")
		dst, ok := fields[key]
		if !ok {
			continue
		}
		v := strings.Fields(rest)
		if len(v) != 2 || v[1] != "kB" {
			return Memory{}, fmt.Errorf("parse status %s %q: want a number and kB", key, strings.TrimSpace(rest))
		}
		n, err := strconv.ParseInt(v[0], 10, 64)
		if err != nil || n < 0 {
			return Memory{}, fmt.Errorf("parse status %s %q: want a number of kB", key, v[0])
		}
		*dst = n
	}
	return m, nil
}

// ParseStatCPUTicks returns utime+stime from a /proc/PID/stat line, in clock
// ticks (UserHZ a second). The command name in parentheses may hold spaces and
// parentheses: fields are counted after its last ')'.
func ParseStatCPUTicks(stat string) (uint64, error) {
	// After ')': state(3) ppid(4) ... utime(14) stime(15).
	return statSum(stat, "utime/stime", 11, 12)
}

// ParseStatChildrenCPUTicks returns cutime+cstime from a /proc/PID/stat line:
// the CPU time of the children the process has waited for, in clock ticks. A
// child that ended and was reaped counts there, no longer in its own stat.
func ParseStatChildrenCPUTicks(stat string) (uint64, error) {
	// After ')': ... cutime(16) cstime(17).
	return statSum(stat, "cutime/cstime", 13, 14)
}

// ParseStatStartSeconds returns starttime from a /proc/PID/stat line: when the
// process started, in seconds since boot (the clock of /proc/uptime).
func ParseStatStartSeconds(stat string) (float64, error) {
	// After ')': ... starttime(22).
	ticks, err := statSum(stat, "starttime", 19)
	return float64(ticks) / UserHZ, err
}

// statSum adds the fields at, counted from 0 after the command name.
func statSum(stat, what string, at ...int) (uint64, error) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, errors.New("parse stat: no ')' after the command name")
	}
	fields := strings.Fields(stat[end+1:])
	var sum uint64
	for _, i := range at {
		if len(fields) <= i {
			return 0, fmt.Errorf("parse stat: %d fields after the command name, want at least %d", len(fields), i+1)
		}
		v, err := strconv.ParseUint(fields[i], 10, 63)
		if err != nil {
			return 0, fmt.Errorf("parse stat %s: %w", what, err)
		}
		sum += v
	}
	return sum, nil
}

// ParseStatCPU is ParseStatCPUTicks in seconds.
func ParseStatCPU(stat string) (float64, error) {
	ticks, err := ParseStatCPUTicks(stat)
	return float64(ticks) / UserHZ, err
}

// ParseUptime reads /proc/uptime's first field, seconds since boot.
func ParseUptime(s string) (float64, error) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return 0, errors.New("parse uptime: empty")
	}
	v, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return 0, fmt.Errorf("parse uptime %q: %w", fields[0], err)
	}
	return v, nil
}

// ParseSchedstatSeconds reads the first field of /proc/PID/task/TID/schedstat:
// the time the thread has run on a CPU, counted by the scheduler in
// nanoseconds (its sum_exec_runtime), in seconds. /proc/PID/stat's utime and
// stime are that same figure (the kernel scales them to it) cut down to whole
// clock ticks each, which loses up to a tick per field and reading.
func ParseSchedstatSeconds(s string) (float64, error) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return 0, errors.New("parse schedstat: empty")
	}
	ns, err := strconv.ParseUint(fields[0], 10, 63)
	if err != nil {
		return 0, fmt.Errorf("parse schedstat: %w", err)
	}
	return float64(ns) / 1e9, nil
}
