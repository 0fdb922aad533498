package mdev

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// runner runs an mdev.conf command with env as its environment, its output
// to out; the daemon's is shellRun, tests put fakes in its place.
type runner func(ctx context.Context, command string, env []string, out io.Writer) error

// defaultPath is the PATH of a command when PID 1 has none (the kernel
// starts init with HOME and TERM only).
const defaultPath = "PATH=/sbin:/bin:/usr/sbin:/usr/bin"

// checkShell names, once each, the rules whose command cannot run because
// the shell is missing, and makes runCommand pass over them.
func (d *Daemon) checkShell() {
	if _, err := os.Stat(d.Shell); err == nil {
		return
	}
	for i := range d.Rules {
		if r := &d.Rules[i]; r.Command.On != 0 {
			d.noShell = true
			d.logf("mdev: mdev.conf line %d: command %q cannot run: no %s in the initramfs (add a shell: airroot build --add BUSYBOX:%s)",
				r.Line, strings.TrimSpace(r.Command.Text), d.Shell, d.Shell)
		}
	}
}

// runCommand runs the rule's command if it is for this action, as busybox
// mdev does: through the shell, in /dev, with the event's variables and
// MDEV (the node's name) in the environment, its output logged line by
// line. It is killed after CommandTimeout.
func (d *Daemon) runCommand(ctx context.Context, r *Rule, ev Event, mdevName string) error {
	if !r.Command.Runs(ev.Action) {
		return nil
	}
	command := strings.TrimSpace(r.Command.Text)
	if d.noShell {
		d.debugf("mdev: command %s not run: no %s", command, d.Shell)
		return nil
	}
	env := append(ev.EnvList(), "MDEV="+mdevName)
	d.debugf("mdev: run %s (MDEV=%s)", command, mdevName)
	ctx, cancel := context.WithTimeout(ctx, d.CommandTimeout)
	defer cancel()
	out := &lineLog{log: func(line string) { d.logf("mdev: mdev.conf line %d: %s", r.Line, line) }}
	err := d.run(ctx, r.Command.Text, env, out)
	out.flush()
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("command %s: killed after %v", command, d.CommandTimeout)
	case err != nil:
		return fmt.Errorf("command %s: %w", command, err)
	}
	return nil
}

// shellRun runs command as `Shell -c command` in Dev, as busybox mdev's
// system(3) does, with PID 1's environment and env over it, its standard
// input /dev/null. When ctx ends, the command's process group is killed.
// The output is waited for until a second after the command ended (a child
// it left may hold it open).
func (d *Daemon) shellRun(ctx context.Context, command string, env []string, out io.Writer) error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	defer r.Close()
	p, err := startInGroup(d.Shell, []string{"sh", "-c", command}, d.Dev, commandEnv(os.Environ(), env), w)
	w.Close()
	if err != nil {
		return err
	}
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		_, _ = io.Copy(out, r)
	}()
	pid := p.Pid // wait's Release clears it
	exited := make(chan error, 1)
	go func() { exited <- d.wait(p) }()
	select {
	case err = <-exited:
	case <-ctx.Done():
		killGroup(pid)
		err = <-exited
	}
	select {
	case <-copied:
	case <-time.After(time.Second):
	}
	return err
}

// wait waits for the command's process to end: through Wait when set (a
// PID 1 that reaps every child), else os.Process.Wait. A command that did
// not exit with status 0 is an error.
func (d *Daemon) wait(p *os.Process) error {
	defer p.Release()
	var ws syscall.WaitStatus
	if d.Wait != nil {
		ws = d.Wait(p.Pid)
	} else {
		state, err := p.Wait()
		if err != nil {
			return err
		}
		ws, _ = state.Sys().(syscall.WaitStatus)
	}
	switch {
	case ws.Signaled():
		return fmt.Errorf("killed by signal %v", ws.Signal())
	case ws.ExitStatus() != 0:
		return fmt.Errorf("exit status %d", ws.ExitStatus())
	}
	return nil
}

// commandEnv is base with env over it (a name in both keeps env's value, in
// base's place), and a PATH when neither has one. os.StartProcess passes
// duplicates on, and which of them a program sees is up to its getenv.
func commandEnv(base, env []string) []string {
	var list []string
	at := map[string]int{} // name -> index in list
	for _, kv := range append(slices.Clone(base), env...) {
		name, _, _ := strings.Cut(kv, "=")
		if i, ok := at[name]; ok {
			list[i] = kv
			continue
		}
		at[name] = len(list)
		list = append(list, kv)
	}
	if _, ok := at["PATH"]; !ok {
		list = append([]string{defaultPath}, list...)
	}
	return list
}

// lineLog hands each line written to it to log; flush hands the rest.
type lineLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
	log func(line string)
}

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	for {
		line, err := l.buf.ReadString('\n')
		if err != nil {
			l.buf.WriteString(line) // no newline yet: keep it
			return len(p), nil
		}
		l.log(strings.TrimRight(line, "\r\n"))
	}
}

func (l *lineLog) flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buf.Len() > 0 {
		l.log(l.buf.String())
		l.buf.Reset()
	}
}
