package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strconv"

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

// findKeeper finds the keeper's first process (its supervisor): the first
// with the keeper's argv[0].
func findKeeper(root fs.FS) (int, error) {
	pids, err := keeperPIDs(root)
	if err != nil {
		return 0, err
	}
	return pids[0], nil
}

// keeperPIDs scans /proc/*/cmdline for the keeper's argv[0]: the supervisor
// and its worker, in pid order.
func keeperPIDs(root fs.FS) ([]int, error) {
	entries, err := fs.ReadDir(root, "proc")
	if err != nil {
		return nil, err
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, err := fs.ReadFile(root, "proc/"+e.Name()+"/cmdline")
		if err != nil {
			continue
		}
		argv0, _, _ := bytes.Cut(cmdline, []byte{0})
		if string(argv0) == keeperArgv0 {
			pids = append(pids, pid)
		}
	}
	if len(pids) == 0 {
		return nil, fmt.Errorf("no process with argv[0] %q in /proc", keeperArgv0)
	}
	slices.Sort(pids)
	return pids, nil
}
