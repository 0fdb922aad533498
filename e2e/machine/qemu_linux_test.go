package machine

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/airroot/airroot/internal/testutil"
)

// stopOn returns an OnLine that answers action for lines containing marker.
func stopOn(marker string, action Action) func(string) Action {
	return func(line string) Action {
		if strings.Contains(line, marker) {
			return action
		}
		return Continue
	}
}

func TestRunQEMU(t *testing.T) {
	tests := []struct {
		name       string
		steps      []string
		onLine     func(string) Action
		timeout    time.Duration
		wantReason EndReason
		wantExit   string // substring of End.ExitErr
	}{
		{name: "stopped when told", steps: []string{"pid", "print:ready", "sleep"}, onLine: stopOn("ready", StopNow), wantReason: EndStopped},
		{name: "exits by itself", steps: []string{"pid", "print:bye", "exit:0"}, onLine: stopOn("never", StopNow), wantReason: EndExited},
		{name: "exit failure keeps stderr", steps: []string{"pid", "stderr:bad machine", "exit:3"}, onLine: stopOn("never", StopNow), wantReason: EndExited, wantExit: "exit status 3: bad machine"},
		{name: "timeout kills", steps: []string{"pid", "sleep"}, onLine: stopOn("never", StopNow), timeout: 300 * time.Millisecond, wantReason: EndTimeout},
		{name: "no power off", steps: []string{"pid", "print:result", "sleep"}, onLine: stopOn("result", AwaitExit), wantReason: EndNoPowerOff},
		{name: "powers off", steps: []string{"pid", "print:result", "print:reboot: Power down", "exit:0"}, onLine: stopOn("result", AwaitExit), wantReason: EndExited},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			var console bytes.Buffer
			var lines []string
			end, err := RunQEMU(ctx, QEMURun{
				Binary:  testutil.HelperBinary(t, "qemu"),
				Args:    tt.steps,
				Console: &console,
				OnLine: func(line string) Action {
					lines = append(lines, line)
					return tt.onLine(line)
				},
				ExitGrace: 300 * time.Millisecond,
			})
			if err != nil {
				t.Fatal(err)
			}
			if end.Reason != tt.wantReason || !strings.Contains(end.ExitErr, tt.wantExit) {
				t.Errorf("RunQEMU() = %+v, want reason %v and exit error containing %q", end, tt.wantReason, tt.wantExit)
			}
			if got := strings.Join(lines, ""); got != console.String() {
				t.Errorf("lines seen %q differ from the console %q", got, console.String())
			}
			assertGone(t, console.String())
		})
	}
}

// assertGone checks that the fake QEMU whose "pid=N" line is in console no longer exists.
func assertGone(t *testing.T, console string) {
	t.Helper()
	_, rest, ok := strings.Cut(console, "pid=")
	if !ok {
		t.Fatalf("no pid line in %q", console)
	}
	pid, err := strconv.Atoi(strings.Fields(rest)[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("fake QEMU %d still exists after RunQEMU (kill 0: %v)", pid, err)
	}
}

func TestRunQEMUMissingBinary(t *testing.T) {
	_, err := RunQEMU(context.Background(), QEMURun{Binary: "/nonexistent/qemu", OnLine: stopOn("x", StopNow)})
	if err == nil {
		t.Fatal("RunQEMU with a missing binary succeeded")
	}
}

func TestTailBuffer(t *testing.T) {
	tb := &tailBuffer{max: 4}
	tb.Write([]byte("abc"))
	tb.Write([]byte("def"))
	if got := tb.String(); got != "cdef" {
		t.Errorf("tailBuffer = %q, want %q", got, "cdef")
	}
}
