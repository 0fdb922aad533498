package main

import (
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
)

// keeperArgv0 is the keeper's argv[0], as airroot sets it.
const keeperArgv0 = "@airroot"

// checkKeeperAlive verifies that airroot's keeper outlived the switch and
// names itself with systemd's '@' so that the new system spares it.
func checkKeeperAlive(sys system) guestproto.Check {
	pid, err := findKeeper(sys.root)
	return newCheck("keeper-alive", err, fmt.Sprintf("pid %d, argv[0] %q", pid, keeperArgv0))
}

// keeperProc is one of the keeper's processes.
type keeperProc struct {
	pid int
	// worker is set for the worker (argv[1] "worker"), clear for the supervisor.
	worker bool
}

// findKeeper finds the keeper's first process, its supervisor: the one with
// the keeper's argv[0] and no worker argument.
func findKeeper(root fs.FS) (int, error) {
	procs, err := keeperProcs(root)
	if err != nil {
		return 0, err
	}
	for _, p := range procs {
		if !p.worker {
			return p.pid, nil
		}
	}
	return 0, fmt.Errorf("no keeper supervisor in /proc, only its worker %d", procs[0].pid)
}

// keeperWorker finds the keeper's worker.
func keeperWorker(root fs.FS) (int, error) {
	procs, err := keeperProcs(root)
	if err != nil {
		return 0, err
	}
	for _, p := range procs {
		if p.worker {
			return p.pid, nil
		}
	}
	return 0, fmt.Errorf("no process with argv %q in /proc", keeperArgv0+" "+workerArg)
}

// workerArg is the keeper's worker's argv[1].
const workerArg = "worker"

// keeperProcs scans /proc/*/cmdline for the keeper's argv[0]: the supervisor
// and its worker, in pid order.
func keeperProcs(root fs.FS) ([]keeperProc, error) {
	entries, err := fs.ReadDir(root, "proc")
	if err != nil {
		return nil, err
	}
	var procs []keeperProc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, err := fs.ReadFile(root, "proc/"+e.Name()+"/cmdline")
		if err != nil {
			continue
		}
		args := strings.Split(strings.TrimSuffix(string(cmdline), "\x00"), "\x00")
		if args[0] == keeperArgv0 {
			procs = append(procs, keeperProc{pid: pid, worker: len(args) > 1 && args[1] == workerArg})
		}
	}
	if len(procs) == 0 {
		return nil, fmt.Errorf("no process with argv[0] %q in /proc", keeperArgv0)
	}
	slices.SortFunc(procs, func(a, b keeperProc) int { return a.pid - b.pid })
	return procs, nil
}
