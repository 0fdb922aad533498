package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/airroot/airroot/e2e/hostapdctl"
)

// TestKillHostapd: the access point's hostapd, found by the PID file beside its
// control socket, dies of SIGKILL; a missing or garbled PID file is an error.
func TestKillHostapd(t *testing.T) {
	tests := []struct {
		name    string
		pidFile func(pid int) string // nil: none written
		wantErr bool
	}{
		{name: "killed", pidFile: func(pid int) string { return strconv.Itoa(pid) + "\n" }},
		{name: "no PID file", wantErr: true},
		{name: "garbled PID file", pidFile: func(int) string { return "hostapd\n" }, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("sleep", "30")
			if err := cmd.Start(); err != nil {
				t.Skipf("start sleep: %v", err)
			}
			defer cmd.Process.Kill() // already dead when it was killed
			ctrl := filepath.Join(t.TempDir(), "wlan2")
			if tt.pidFile != nil {
				if err := os.WriteFile(hostapdctl.PIDFile(ctrl), []byte(tt.pidFile(cmd.Process.Pid)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := killHostapd(ctrl)
			if (err != nil) != tt.wantErr {
				t.Fatalf("killHostapd() = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			var exit *exec.ExitError
			if err := cmd.Wait(); !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Errorf("sleep ended with %v, want SIGKILL", err)
			}
		})
	}
}
