package machine

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMonitorQEMU drives a real QEMU's monitor: a paused virt machine, whose
// answers (the echo drawn by the line editor, an error) Command must read.
func TestMonitorQEMU(t *testing.T) {
	qemu, err := exec.LookPath("qemu-system-arm")
	if err != nil {
		t.Skip("no qemu-system-arm")
	}
	sock := filepath.Join(t.TempDir(), "monitor.sock")
	args := append([]string{"-M", "virt", "-S", "-display", "none", "-serial", "none", "-net", "none"}, MonitorArgs(sock)...)
	cmd := exec.Command(qemu, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	m, err := DialMonitor(sock, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	tests := []struct {
		cmd, want string
		wantErr   bool
	}{
		{cmd: "info status", want: "VM status: paused (prelaunch)"},
		{cmd: "device_add no-such-device,id=x", want: "Error: 'no-such-device' is not a valid device model name", wantErr: true},
		{cmd: "device_del nothing-here", want: "Error: Device 'nothing-here' not found", wantErr: true},
	}
	for _, tt := range tests {
		got, err := m.Command(tt.cmd)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("Command(%q) = %q, %v; want %q, error %v", tt.cmd, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestCleanMonitor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"OK\r\n", "OK\n"},
		{"a\x1b[Kb\x1b[D\x1b[Dc", "abc"},
		{"\x1b[", ""},
	}
	for _, tt := range tests {
		if got := cleanMonitor(tt.in); got != tt.want {
			t.Errorf("cleanMonitor(%q) = %q, want %q", tt.in, got, strings.TrimSpace(tt.want))
		}
	}
}
