package boot

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/airroot/airroot/init/bootlog"
	"golang.org/x/sys/unix"
)

// startSleeper starts a process to renice.
func startSleeper(t *testing.T) int {
	t.Helper()
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep(1) to renice")
	}
	cmd := exec.Command(sleep, "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd.Process.Pid
}

// niceOf is the nice value of process pid's main thread.
func niceOf(t *testing.T, pid int) int {
	t.Helper()
	// getpriority(2)'s raw value is 20 - nice.
	prio, err := unix.Getpriority(unix.PRIO_PROCESS, pid)
	if err != nil {
		t.Fatal(err)
	}
	return 20 - prio
}

func TestRenice(t *testing.T) {
	pid := startSleeper(t)
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
				if got := niceOf(t, tid); got != tt.nice {
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

// TestRestoreKeeperOnce: the keeper yields until the app's first line or the
// grace time, whichever comes first, and only while it was made to yield.
func TestRestoreKeeperOnce(t *testing.T) {
	tests := []struct {
		name     string
		yielding bool
		say      bool // the app prints
		grace    bool // the grace time fires
		want     int  // nice value afterwards
	}{
		{name: "the app's first line", yielding: true, say: true, want: 0},
		{name: "an app that says nothing: the grace time", yielding: true, grace: true, want: 0},
		{name: "neither yet", yielding: true, want: keeperYieldNice},
		{name: "not yielding: left alone", say: true, want: keeperYieldNice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pid := startSleeper(t)
			if err := renice(pid, keeperYieldNice); err != nil {
				t.Fatal(err)
			}
			b := &Boot{Log: &bootlog.Logger{}}
			if tt.yielding {
				b.keeperYielding.Store(int64(pid))
			}
			said, grace := make(chan struct{}), make(chan time.Time, 1)
			b.restoreKeeperOnce(said, grace)
			if tt.say {
				close(said)
			}
			if tt.grace {
				grace <- time.Now()
			}
			deadline := time.Now().Add(2 * time.Second)
			for niceOf(t, pid) != tt.want && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(50 * time.Millisecond) // a wrong restore would come now
			if got := niceOf(t, pid); got != tt.want {
				t.Errorf("keeper's nice = %d, want %d", got, tt.want)
			}
			if tt.want == 0 && b.keeperYielding.Load() != 0 {
				t.Errorf("still counted as yielding after the restore")
			}
		})
	}
}
