package boot

import (
	"os"
	"os/exec"
	"os/signal"
	"testing"
	"time"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/internal/testutil"
	"golang.org/x/sys/unix"
)

// startChild starts a real child exiting with code, which os/exec does not
// wait for: the reaper has to collect it.
func startChild(t *testing.T, code string) int {
	t.Helper()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	p, err := os.StartProcess(sh, []string{"sh", "-c", "exit " + code}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	return p.Pid
}

func newReaper() *childReaper {
	return &childReaper{exited: map[int]unix.WaitStatus{}, waiters: map[int]chan unix.WaitStatus{}}
}

// reapUntil runs reapAll until pid has been reaped or a deadline passes,
// standing in for the SIGCHLD loop.
func reapUntil(t *testing.T, r *childReaper, done <-chan struct{}) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		r.reapAll()
		select {
		case <-done:
			return
		case <-deadline:
			t.Fatal("child never reaped")
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func TestReaperWaitAfterExit(t *testing.T) {
	r := newReaper()
	pid := startChild(t, "3")
	done := make(chan struct{})
	go func() {
		for {
			r.mu.Lock()
			_, ok := r.exited[pid]
			r.mu.Unlock()
			if ok {
				close(done)
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	reapUntil(t, r, done)
	if ws := r.wait(pid); ws.ExitStatus() != 3 {
		t.Errorf("exit status %d, want 3", ws.ExitStatus())
	}
	if len(r.exited) != 0 {
		t.Errorf("status kept after wait: %v", r.exited)
	}
}

func TestReaperWaitBeforeExit(t *testing.T) {
	r := newReaper()
	pid := startChild(t, "7")
	got := make(chan unix.WaitStatus, 1)
	done := make(chan struct{})
	go func() { got <- r.wait(pid); close(done) }()
	reapUntil(t, r, done)
	if ws := <-got; ws.ExitStatus() != 7 {
		t.Errorf("exit status %d, want 7", ws.ExitStatus())
	}
}

// TestSignals sends real signals to the test process: PID 1's handler must
// turn each shutdown signal into the matching reboot command and ignore the
// others, saying so. (The test process is not PID 1, so the shutdown kills
// nothing and unmounts nothing: TestPID1Signals covers that.)
func TestSignals(t *testing.T) {
	got := make(chan uint32, 1)
	saved := rebootSyscall
	rebootSyscall = func(cmd uint32) { got <- cmd }
	t.Cleanup(func() { rebootSyscall = saved })

	console := &testutil.Buffer{}
	b := &Boot{Log: &bootlog.Logger{Console: console}}
	b.handleSignals()
	t.Cleanup(func() { signal.Stop(b.signals); close(b.signals) })

	tests := []struct {
		sig     unix.Signal
		want    uint32 // 0: ignored
		wantLog string
	}{
		{unix.SIGINT, unix.LINUX_REBOOT_CMD_RESTART, "Ctrl-Alt-Del (SIGINT): rebooting"},
		{unix.SIGTERM, unix.LINUX_REBOOT_CMD_RESTART, "terminated: rebooting"},
		{unix.SIGUSR1, unix.LINUX_REBOOT_CMD_HALT, "user defined signal 1: halting"},
		{unix.SIGUSR2, unix.LINUX_REBOOT_CMD_POWER_OFF, "user defined signal 2: powering off"},
		{unix.SIGHUP, 0, "hangup: ignored (PID 1 never exits)"},
		{unix.SIGQUIT, 0, "quit: ignored (PID 1 never exits)"},
		{unix.SIGABRT, 0, "aborted: ignored (PID 1 never exits)"},
	}
	for _, tt := range tests {
		t.Run(tt.sig.String(), func(t *testing.T) {
			if err := unix.Kill(os.Getpid(), tt.sig); err != nil {
				t.Fatal(err)
			}
			console.WaitFor(t, tt.wantLog)
			select {
			case cmd := <-got:
				if cmd != tt.want {
					t.Errorf("%v: reboot command %#x, want %#x", tt.sig, cmd, tt.want)
				}
			case <-time.After(100 * time.Millisecond):
				if tt.want != 0 {
					t.Fatalf("%v: no reboot", tt.sig)
				}
			}
		})
	}
}
