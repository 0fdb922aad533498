package boot

import (
	"os"
	"os/exec"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

func TestRenice(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep(1) to renice")
	}
	cmd := exec.Command(sleep, "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	pid := cmd.Process.Pid
	tests := []struct {
		name    string
		nice    int
		wantErr bool
	}{
		{name: "lowered", nice: keeperYieldNice},
		{name: "given back", nice: 0},
		{name: "lowered again", nice: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := renice(pid, tt.nice); err != nil {
				t.Fatalf("renice(%d, %d) = %v", pid, tt.nice, err)
			}
			tasks, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
			if err != nil {
				t.Fatal(err)
			}
			for _, task := range tasks {
				tid, _ := strconv.Atoi(task.Name())
				// getpriority(2)'s raw value is 20 - nice.
				prio, err := unix.Getpriority(unix.PRIO_PROCESS, tid)
				if err != nil {
					t.Fatal(err)
				}
				if got := 20 - prio; got != tt.nice {
					t.Errorf("thread %d: nice %d, want %d", tid, got, tt.nice)
				}
			}
		})
	}
}

func TestReniceGoneProcess(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if err := renice(cmd.Process.Pid, keeperYieldNice); err == nil {
		t.Errorf("renice(a reaped pid) = nil, want an error naming it")
	}
}
