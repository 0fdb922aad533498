package boot

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/airroot/airroot/init/app"
	"golang.org/x/sys/unix"
)

// doneCommands are the reboot(2) commands of airroot.app.done=.
var doneCommands = map[app.Done]uint32{
	app.Halt:     unix.LINUX_REBOOT_CMD_HALT,
	app.PowerOff: unix.LINUX_REBOOT_CMD_POWER_OFF,
	app.Reboot:   unix.LINUX_REBOOT_CMD_RESTART,
}

// superviseApp runs the app until the policy says it is done, then ends the
// system as airroot.app.done= says. Once a shutdown has begun (a signal, the
// app's own reboot), an app that ends is left ended. It never returns.
func (b *Boot) superviseApp(path string, args []string) {
	r := &app.Restarts{Policy: b.app.Restart, Backoff: app.Backoff, Now: time.Now}
	for {
		r.Started()
		exit := b.runAppOnce(path, args)
		if b.stopping.Load() {
			select {} // the shutdown goes on in the signal handler
		}
		d := r.Ended(exit)
		b.Log.Warnf("app: %s ended: %s (%d ended, %d failed)", path, exit, d.Ends, d.Failed)
		if !d.Restart {
			b.Log.Warnf("app: not started again (airroot.app.restart=%s): %s (airroot.app.done=%s)",
				b.app.Restart, commandNames[doneCommands[b.app.Done]], b.app.Done)
			b.shutdown(doneCommands[b.app.Done])
			select {} // in a test, where reboot(2) returns
		}
		b.Log.Infof("app: starting %s again in %v", path, d.Delay)
		time.Sleep(d.Delay)
	}
}

// runAppOnce starts the app, copies its output to the console and the
// kernel log, and waits for PID 1's reaper to collect it.
func (b *Boot) runAppOnce(path string, args []string) app.Exit {
	out, err := b.startApp(path, args)
	if err != nil {
		b.Log.Errorf("app: %v", err)
		return app.Exit{Code: 127}
	}
	ws := reaper.wait(out.pid)
	select { // the last lines, unless a child of the app holds the pipe
	case <-out.copied:
	case <-time.After(time.Second):
	}
	if ws.Signaled() {
		return app.Exit{Code: -1, Signal: unix.SignalName(ws.Signal())}
	}
	return app.Exit{Code: ws.ExitStatus()}
}

// appProc is a running app: its pid, and a channel closed once its output
// has all been copied out.
type appProc struct {
	pid    int
	copied chan struct{}
}

// startApp starts one run of the app in its own directory (the card, for
// seed 004's box), in a session of its own on the console.
func (b *Boot) startApp(path string, args []string) (*appProc, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	defer w.Close()
	env := append(initEnv(os.Environ()), "AIRROOT_NETWORK="+app.NetworkFile)
	p, err := os.StartProcess(path, append([]string{path}, args...), &os.ProcAttr{
		Dir: filepath.Dir(path), Env: env,
		Files: []*os.File{os.Stdin, w, w},
		Sys:   shellSysProcAttr(),
	})
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	b.Log.Infof("app: started %s (pid %d)%s", path, p.Pid, b.sinceKernel())
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer r.Close()
		b.copyAppOutput(filepath.Base(path), r)
	}()
	return &appProc{pid: p.Pid, copied: done}, nil
}

// copyAppOutput writes each line of the app's output to the console as it
// is, and to the kernel log under the app's name (at the debug level, which
// the kernel does not echo to the console that already has it).
func (b *Boot) copyAppOutput(name string, r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 64*1024)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(os.Stdout, line)
		if b.Log.Kmsg != nil {
			fmt.Fprintf(b.Log.Kmsg, "<7>%s: %s\n", name, line)
		}
	}
}

// sinceKernel says how long after the kernel's start it is, when the
// timeline has a clock.
func (b *Boot) sinceKernel() string {
	if b.Timeline.Now == nil {
		return ""
	}
	return fmt.Sprintf(", %.3f s after the kernel started", b.Timeline.Now())
}
