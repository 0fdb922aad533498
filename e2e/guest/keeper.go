package main

import (
	"bytes"
	"fmt"
	"io/fs"
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

// findKeeper scans /proc/*/cmdline for the keeper's argv[0].
func findKeeper(root fs.FS) (int, error) {
	entries, err := fs.ReadDir(root, "proc")
	if err != nil {
		return 0, err
	}
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
			return pid, nil
		}
	}
	return 0, fmt.Errorf("no process with argv[0] %q in /proc", keeperArgv0)
}
