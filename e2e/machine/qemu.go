package machine

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// QEMURun is one QEMU process whose console the caller reads.
type QEMURun struct {
	Binary string
	Args   []string
	// Console receives the raw console bytes.
	Console io.Writer
	// Stdin, when set, is QEMU's standard input: the console's input (nil: none).
	Stdin *os.File
	// OnLine sees each console line and says what to do next. It runs on the reading
	// goroutine, one line at a time.
	OnLine func(line string) Action
	// ExitGrace is how long to wait for QEMU to exit by itself after AwaitExit.
	ExitGrace time.Duration
}

// RunQEMU starts QEMU, feeds its console to OnLine and ends it when OnLine says so, when
// ctx ends or when it exits by itself. QEMU never outlives the call (and on Linux it is
// killed if the harness dies). The error reports only a QEMU that could not start.
func RunQEMU(ctx context.Context, r QEMURun) (End, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return End{}, fmt.Errorf("start qemu: console pipe: %w", err)
	}
	defer pr.Close()
	cmd := exec.Command(r.Binary, r.Args...)
	cmd.Stdout = pw
	if r.Stdin != nil {
		cmd.Stdin = r.Stdin
	}
	stderr := &tailBuffer{max: 4096}
	cmd.Stderr = stderr
	killWithParent(cmd)
	start := time.Now()
	err = cmd.Start()
	pw.Close()
	if err != nil {
		return End{}, fmt.Errorf("start qemu: %s: %w", r.Binary, err)
	}
	actions := make(chan Action, 1)
	consoleDone := make(chan struct{})
	go func() {
		defer close(consoleDone)
		pumpConsole(pr, r.Console, r.OnLine, actions)
	}()
	end := superviseQEMU(ctx, cmd, consoleDone, actions, r.ExitGrace)
	end.Wall = time.Since(start)
	if waitErr := cmd.Wait(); waitErr != nil && end.Reason == EndExited {
		end.ExitErr = strings.TrimSpace(waitErr.Error() + ": " + stderr.String())
	}
	return end, nil
}

// superviseQEMU waits for an action, ctx's end or the console's end (QEMU exited), kills
// QEMU unless it exited, and returns once the console is drained.
func superviseQEMU(ctx context.Context, cmd *exec.Cmd, consoleDone <-chan struct{}, actions <-chan Action, grace time.Duration) End {
	var graceTimer <-chan time.Time
	for {
		select {
		case <-consoleDone:
			return End{Reason: EndExited}
		case a := <-actions:
			if a == StopNow {
				return killQEMU(cmd, consoleDone, EndStopped)
			}
			if a == AwaitExit && graceTimer == nil {
				graceTimer = time.After(grace)
			}
		case <-graceTimer:
			return killQEMU(cmd, consoleDone, EndNoPowerOff)
		case <-ctx.Done():
			return killQEMU(cmd, consoleDone, EndTimeout)
		}
	}
}

func killQEMU(cmd *exec.Cmd, consoleDone <-chan struct{}, reason EndReason) End {
	_ = cmd.Process.Kill() // fails only when QEMU already exited; the console ends either way
	<-consoleDone
	return End{Reason: reason}
}

// pumpConsole copies the console to w and hands each line to onLine, passing its
// actions on (keeping only the latest when the supervisor is behind).
func pumpConsole(r io.Reader, w io.Writer, onLine func(string) Action, actions chan Action) {
	br := bufio.NewReaderSize(io.TeeReader(r, keepGoingWriter{w}), 64*1024)
	last := Continue
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			if a := onLine(line); a != last {
				last = a
				select {
				case <-actions:
				default:
				}
				actions <- a
			}
		}
		if err != nil {
			return
		}
	}
}

// keepGoingWriter drops write errors: a console log that cannot be written must not stop
// the harness from reading the console (QEMU would block on a full pipe).
type keepGoingWriter struct{ w io.Writer }

func (k keepGoingWriter) Write(p []byte) (int, error) {
	_, _ = k.w.Write(p)
	return len(p), nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.buf) }
