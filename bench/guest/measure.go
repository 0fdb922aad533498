package main

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/e2e/procfs"
)

// process is one /proc entry that matched a name asked for.
type process struct {
	pid   int
	name  string // the name asked for that it matched
	argv0 string
}

// idleAndMeasure samples the matching processes' CPU time, sleeps req.idle, samples
// again and reads their resident memory.
func idleAndMeasure(root fs.FS, req request, sleep func(time.Duration)) (*benchproto.Idle, error) {
	procs, err := findProcesses(root, req.names)
	if err != nil {
		return nil, err
	}
	before := map[int]float64{}
	for _, p := range procs {
		before[p.pid], _ = cpuSeconds(root, p.pid)
	}
	sleep(req.idle)
	idle := &benchproto.Idle{Seconds: req.idle.Seconds(), Missing: missing(req.names, procs)}
	for _, p := range procs {
		total, err := cpuSeconds(root, p.pid)
		if err != nil {
			idle.Missing = append(idle.Missing, fmt.Sprintf("%s (pid %d) exited while idling", p.name, p.pid))
			continue
		}
		mem, _ := memoryKiB(root, p.pid)
		idle.Processes = append(idle.Processes, benchproto.Proc{
			PID: p.pid, Name: p.argv0, RSSKiB: mem.RSS,
			AnonKiB: mem.Anon, FileKiB: mem.File, ShmemKiB: mem.Shmem,
			CPUSeconds: total - before[p.pid], TotalCPUSeconds: total,
		})
	}
	return idle, nil
}

// findProcesses lists the processes whose command name (comm) or argv[0] is one of
// names, in PID order.
func findProcesses(root fs.FS, names []string) ([]process, error) {
	entries, err := fs.ReadDir(root, "proc")
	if err != nil {
		return nil, fmt.Errorf("list processes: %w", err)
	}
	var out []process
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, _ := fs.ReadFile(root, "proc/"+e.Name()+"/comm")
		cmdline, _ := fs.ReadFile(root, "proc/"+e.Name()+"/cmdline")
		if name, argv0, ok := matchProcess(names, string(comm), cmdline); ok {
			out = append(out, process{pid: pid, name: name, argv0: argv0})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pid < out[j].pid })
	return out, nil
}

func missing(names []string, found []process) []string {
	seen := map[string]bool{}
	for _, p := range found {
		seen[p.name] = true
	}
	var out []string
	for _, n := range names {
		if !seen[n] {
			out = append(out, n)
		}
	}
	return out
}

func cpuSeconds(root fs.FS, pid int) (float64, error) {
	data, err := fs.ReadFile(root, fmt.Sprintf("proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return procfs.ParseStatCPU(string(data))
}

func memoryKiB(root fs.FS, pid int) (procfs.Memory, error) {
	data, err := fs.ReadFile(root, fmt.Sprintf("proc/%d/status", pid))
	if err != nil {
		return procfs.Memory{}, err
	}
	return procfs.ParseStatusMemory(string(data))
}
