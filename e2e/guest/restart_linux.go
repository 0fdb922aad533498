package main

import (
	"fmt"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/hostapdctl"
	"golang.org/x/sys/unix"
)

// requestRestart asks the fixture's child, through its FIFO control, to restart the access point.
func requestRestart(control string) error {
	return hostapdctl.RequestRestart(control, guestproto.RestartRequest)
}

// killHostapd switches off the access point behind the hostapd control socket
// control as a power cut would: SIGKILL to its hostapd (the PID the fixture wrote
// in hostapdctl.PIDFile), which sends no deauthentication; the kernel stops its
// beacons when hostapd's netlink socket closes.
func killHostapd(control string) error {
	pid, err := hostapdctl.ReadPID(control)
	if err != nil {
		return err
	}
	if err := unix.Kill(pid, unix.SIGKILL); err != nil {
		return fmt.Errorf("SIGKILL to hostapd %d behind %s: %w", pid, control, err)
	}
	return nil
}

// panicWorker sends the keeper's worker SIGUSR2, which panics it when the keeper's
// panic test is armed.
func panicWorker(pid int) error {
	if err := unix.Kill(pid, unix.SIGUSR2); err != nil {
		return fmt.Errorf("SIGUSR2 to the keeper's worker %d: %w", pid, err)
	}
	return nil
}
