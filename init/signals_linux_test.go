package boot

import (
	"os"
	"os/exec"
	"testing"
	"time"

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
