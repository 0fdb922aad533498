package main

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
)

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on every Linux
// architecture this project boots.
const clockTicks = 100

// procsParam names the processes to measure, comma-separated.
const procsParam = "airroot_bench_procs"

// request is what the kernel command line asks the guest to measure.
type request struct {
	idle  time.Duration
	names []string
}

// parseRequest reads the idle time and process names from the kernel command line.
func parseRequest(cmdline string) (request, error) {
	var req request
	for _, p := range strings.Fields(cmdline) {
		key, value, _ := strings.Cut(p, "=")
		switch key {
		case benchproto.IdleParam:
			secs, err := strconv.ParseFloat(value, 64)
			if err != nil || !(secs >= 0 && secs <= 3600) { // NaN fails both
				return request{}, fmt.Errorf("%s=%q: want seconds from 0 to 3600", key, value)
			}
			req.idle = time.Duration(secs * float64(time.Second))
		case procsParam:
			req.names = nil
			for _, n := range strings.Split(value, ",") {
				if n != "" {
					req.names = append(req.names, n)
				}
			}
		}
	}
	if req.idle > 0 && len(req.names) == 0 {
		return request{}, fmt.Errorf("%s given without %s: nothing to measure", benchproto.IdleParam, procsParam)
	}
	return req, nil
}

// matchProcess reports which of names a process matches, by its comm or by its
// argv[0] (whole, or its base name), and returns that argv[0].
func matchProcess(names []string, comm string, cmdline []byte) (name, argv0 string, ok bool) {
	first, _, _ := bytes.Cut(cmdline, []byte{0})
	argv0 = string(first)
	comm = strings.TrimSpace(comm)
	for _, n := range names {
		if n == comm || n == argv0 || (argv0 != "" && n == path.Base(argv0)) {
			return n, argv0, true
		}
	}
	return "", argv0, false
}

// parseUptime reads /proc/uptime's first field, seconds since boot.
func parseUptime(s string) (float64, error) {
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

// parseStatCPU returns utime+stime in seconds from a /proc/PID/stat line. The
// command name in parentheses may hold spaces and parentheses: fields are counted
// after its last ')'.
func parseStatCPU(stat string) (float64, error) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, errors.New("parse stat: no ')' after the command name")
	}
	// After ')': state(3) ppid(4) ... utime(14) stime(15).
	fields := strings.Fields(stat[end+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("parse stat: %d fields after the command name, want at least 13", len(fields))
	}
	utime, err1 := strconv.ParseUint(fields[11], 10, 63)
	stime, err2 := strconv.ParseUint(fields[12], 10, 63)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("parse stat utime/stime: %w", err)
	}
	return float64(utime+stime) / clockTicks, nil
}

// statusMemory is what /proc/PID/status says of a process's resident memory,
// in KiB: VmRSS and its parts (anonymous: heap, stacks, runtime; file: the
// mapped program and libraries; shared memory).
type statusMemory struct{ RSS, Anon, File, Shmem int64 }

// parseStatusMemory reads VmRSS, RssAnon, RssFile and RssShmem from
// /proc/PID/status; a kernel thread has none and gets zeros.
func parseStatusMemory(status string) (statusMemory, error) {
	var m statusMemory
	fields := map[string]*int64{"VmRSS:": &m.RSS, "RssAnon:": &m.Anon, "RssFile:": &m.File, "RssShmem:": &m.Shmem}
	for _, line := range strings.Split(status, "\n") {
		key, rest, _ := strings.Cut(line, "\t")
		dst, ok := fields[key]
		if !ok {
			continue
		}
		v := strings.Fields(rest)
		if len(v) != 2 || v[1] != "kB" {
			return statusMemory{}, fmt.Errorf("parse status %s %q: want a number and kB", key, strings.TrimSpace(rest))
		}
		n, err := strconv.ParseInt(v[0], 10, 64)
		if err != nil || n < 0 {
			return statusMemory{}, fmt.Errorf("parse status %s %q: want a number of kB", key, v[0])
		}
		*dst = n
	}
	return m, nil
}
