package hostapdctl

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
)

// FindProcess returns the lowest PID whose argv[0] is argv0, reading proc (the /proc
// folder as an fs.FS): how a guest finds hostapd, and with it /proc/PID/ns/net.
func FindProcess(proc fs.FS, argv0 string) (int, error) {
	entries, err := fs.ReadDir(proc, ".")
	if err != nil {
		return 0, fmt.Errorf("find process %s: %w", argv0, err)
	}
	var pids []int
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil && pid > 0 {
			pids = append(pids, pid)
		}
	}
	sort.Ints(pids)
	for _, pid := range pids {
		cmdline, err := fs.ReadFile(proc, strconv.Itoa(pid)+"/cmdline")
		if err != nil {
			continue // gone meanwhile
		}
		first, _, _ := bytes.Cut(cmdline, []byte{0})
		if string(first) == argv0 {
			return pid, nil
		}
	}
	return 0, fmt.Errorf("find process %s: no process in /proc has that argv[0]", argv0)
}

// NetNSPath is the network namespace of process pid.
func NetNSPath(pid int) string { return "/proc/" + strconv.Itoa(pid) + "/ns/net" }

// PIDFile is where the fixture writes the PID of the hostapd serving the control
// socket ctrl, for a guest that switches that access point off by killing it.
func PIDFile(ctrl string) string { return ctrl + ".pid" }

// WritePID records pid as the hostapd serving the control socket ctrl, in
// PIDFile(ctrl).
func WritePID(ctrl string, pid int) error {
	if err := os.WriteFile(PIDFile(ctrl), []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		return fmt.Errorf("record the PID of the hostapd behind %s: %w", ctrl, err)
	}
	return nil
}

// ReadPID returns the PID WritePID recorded for the control socket ctrl.
func ReadPID(ctrl string) (int, error) {
	b, err := os.ReadFile(PIDFile(ctrl))
	if err != nil {
		return 0, fmt.Errorf("find the hostapd behind %s: %w", ctrl, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0, fmt.Errorf("find the hostapd behind %s: %w", ctrl, err)
	}
	return pid, nil
}
