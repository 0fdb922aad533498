package main

import (
	"bytes"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
)

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
