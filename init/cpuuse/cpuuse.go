// Package cpuuse tells where a boot's CPU time went: how busy the board's
// CPUs were between two moments, and how much of that was airroot's own
// processes. On a one-core board (a Pi Zero or Pi 1) a boot whose CPUs were
// busy nearly all the time is bound by CPU work, and overlapping its steps
// gains nothing; one with idle time is waiting on the network or a device.
package cpuuse

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// userHZ is the unit of /proc/stat's and /proc/PID/stat's times: the
// kernel's USER_HZ, 100 on every architecture Linux runs on today.
const userHZ = 100

// tick is one USER_HZ clock tick.
const tick = time.Second / userHZ

// Sample is what the kernel had counted at one moment.
type Sample struct {
	Busy time.Duration // all CPUs: user, nice, system, irq, softirq, steal
	Idle time.Duration // all CPUs: idle and iowait
	CPUs int           // the cpuN lines of /proc/stat
	Self time.Duration // the reading process's user and system time
	// Keeper is the keeper's user and system time, its supervisor's and
	// the running worker's; zero when no keeper was asked for.
	Keeper time.Duration
}

// Use is the CPU time between two samples.
type Use struct {
	Busy, Idle   time.Duration
	CPUs         int
	Self, Keeper time.Duration
}

// Since is the CPU time used from start to s. The keeper's is all of it: it
// starts after start.
func (s Sample) Since(start Sample) Use {
	return Use{
		Busy:   s.Busy - start.Busy,
		Idle:   s.Idle - start.Idle,
		CPUs:   s.CPUs,
		Self:   s.Self - start.Self,
		Keeper: s.Keeper,
	}
}

// String is the console's account, for example "3.21 s busy, 0.23 s idle
// on 1 CPU (93% busy): this init 1.69 s, the keeper 0.90 s, the kernel's
// threads and other processes 0.62 s".
func (u Use) String() string {
	total := u.Busy + u.Idle
	if total <= 0 {
		return "no CPU time counted"
	}
	cpus := "1 CPU"
	if u.CPUs != 1 {
		cpus = fmt.Sprintf("%d CPUs", u.CPUs)
	}
	rest := max(u.Busy-u.Self-u.Keeper, 0)
	return fmt.Sprintf("%s busy, %s idle on %s (%d%% busy): this init %s, the keeper %s, the kernel's threads and other processes %s",
		seconds(u.Busy), seconds(u.Idle), cpus, int(100*u.Busy/total), seconds(u.Self), seconds(u.Keeper), seconds(rest))
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// ErrFormat is wrapped by every error of a line the parsers do not know.
var ErrFormat = errors.New("unexpected format")

// ParseStat reads /proc/stat: the busy and idle time of all CPUs together
// (its "cpu" line), and the number of CPUs (its "cpuN" lines).
func ParseStat(b []byte) (busy, idle time.Duration, cpus int, err error) {
	found := false
	for line := range bytes.Lines(b) {
		fields := strings.Fields(string(line))
		if len(fields) == 0 || !strings.HasPrefix(fields[0], "cpu") {
			continue
		}
		if fields[0] != "cpu" {
			if _, err := strconv.Atoi(fields[0][3:]); err == nil {
				cpus++
			}
			continue
		}
		if busy, idle, err = parseCPULine(fields[1:]); err != nil {
			return 0, 0, 0, err
		}
		found = true
	}
	if !found {
		return 0, 0, 0, fmt.Errorf("/proc/stat: no cpu line: %w", ErrFormat)
	}
	return busy, idle, max(cpus, 1), nil
}

// parseCPULine sums the fields of /proc/stat's cpu line: user nice system
// idle iowait irq softirq steal, then guest and guest_nice, which user and
// nice already hold. Kernels before 2.6.33 have fewer; at least four.
func parseCPULine(fields []string) (busy, idle time.Duration, err error) {
	if len(fields) < 4 {
		return 0, 0, fmt.Errorf("/proc/stat: cpu line of %d fields: %w", len(fields), ErrFormat)
	}
	for i, f := range fields[:min(len(fields), 8)] {
		n, err := strconv.ParseUint(f, 10, 40)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/stat: cpu field %d %q: %w", i+1, f, ErrFormat)
		}
		if i == 3 || i == 4 { // idle, iowait
			idle += time.Duration(n) * tick
		} else {
			busy += time.Duration(n) * tick
		}
	}
	return busy, idle, nil
}

// ParseProcStat reads /proc/PID/stat: the process's parent and its user and
// system time. The command name, in parentheses, may hold spaces and
// parentheses itself: the fields are counted from the last ')'.
func ParseProcStat(b []byte) (ppid int, cpu time.Duration, err error) {
	end := bytes.LastIndexByte(b, ')')
	if end < 0 {
		return 0, 0, fmt.Errorf("stat: no command name: %w", ErrFormat)
	}
	// After ')': state(3) ppid(4) ... utime(14) stime(15).
	fields := strings.Fields(string(b[end+1:]))
	if len(fields) < 13 {
		return 0, 0, fmt.Errorf("stat: %d fields after the command name: %w", len(fields), ErrFormat)
	}
	ppid, err = strconv.Atoi(fields[1])
	if err != nil {
		return 0, 0, fmt.Errorf("stat: ppid %q: %w", fields[1], ErrFormat)
	}
	for _, f := range fields[11:13] {
		n, err := strconv.ParseUint(f, 10, 40)
		if err != nil {
			return 0, 0, fmt.Errorf("stat: CPU time %q: %w", f, ErrFormat)
		}
		cpu += time.Duration(n) * tick
	}
	return ppid, cpu, nil
}
