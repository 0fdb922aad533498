package boot

import (
	"errors"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// shutdownSignals are the signals that end the system, with busybox init's
// meaning: SIGINT is what the kernel sends PID 1 on Ctrl-Alt-Del once
// catchCtrlAltDel asked for it, and busybox's default Ctrl-Alt-Del action
// reboots; SIGTERM reboots, SIGUSR1 halts, SIGUSR2 powers off.
var shutdownSignals = map[os.Signal]uint32{
	unix.SIGINT:  unix.LINUX_REBOOT_CMD_RESTART,
	unix.SIGTERM: unix.LINUX_REBOOT_CMD_RESTART,
	unix.SIGUSR1: unix.LINUX_REBOOT_CMD_HALT,
	unix.SIGUSR2: unix.LINUX_REBOOT_CMD_POWER_OFF,
}

// ignoredSignals are logged and otherwise ignored. Each would end a Go
// program by default, and PID 1 must never end: the kernel panics when it
// does. (The kernel itself drops a signal sent to PID 1 that PID 1 has no
// handler for, but Go installs a handler for each of these.)
var ignoredSignals = []os.Signal{unix.SIGHUP, unix.SIGQUIT, unix.SIGABRT, unix.SIGTRAP, unix.SIGSYS}

// reaper collects every child that exits: as PID 1 we inherit orphans.
var reaper = &childReaper{exited: map[int]unix.WaitStatus{}, waiters: map[int]chan unix.WaitStatus{}}

type childReaper struct {
	mu      sync.Mutex
	exited  map[int]unix.WaitStatus // reaped, nobody waiting yet
	waiters map[int]chan unix.WaitStatus
}

// reapAll collects every child that has exited and reports whether any
// child is left.
func (r *childReaper) reapAll() (left bool) {
	for {
		var ws unix.WaitStatus
		pid, err := unix.Wait4(-1, &ws, unix.WNOHANG, nil)
		if errors.Is(err, unix.ECHILD) {
			return false
		}
		if pid <= 0 || err != nil {
			return true
		}
		r.mu.Lock()
		if ch, ok := r.waiters[pid]; ok {
			delete(r.waiters, pid)
			ch <- ws
		} else {
			r.exited[pid] = ws
		}
		r.mu.Unlock()
	}
}

// wait blocks until the child pid has been reaped.
func (r *childReaper) wait(pid int) unix.WaitStatus {
	r.mu.Lock()
	if ws, ok := r.exited[pid]; ok {
		delete(r.exited, pid)
		r.mu.Unlock()
		return ws
	}
	ch := make(chan unix.WaitStatus, 1)
	r.waiters[pid] = ch
	r.mu.Unlock()
	return <-ch
}

// handleSignals reaps children, honours the shutdown signals and ignores
// the rest. PID 1 keeps its handlers up to the exec of the new init, which
// resets them (execve(2)): there is no moment a signal could end it.
func (b *Boot) handleSignals() {
	watched := append([]os.Signal{unix.SIGCHLD}, ignoredSignals...)
	for s := range shutdownSignals {
		watched = append(watched, s)
	}
	b.signals = make(chan os.Signal, 16)
	signal.Notify(b.signals, watched...)
	go func() {
		for s := range b.signals {
			b.onSignal(s)
		}
	}()
}

// onSignal does what PID 1 does with one signal.
func (b *Boot) onSignal(s os.Signal) {
	cmd, ok := shutdownSignals[s]
	switch {
	case s == unix.SIGCHLD:
		reaper.reapAll()
	case s == unix.SIGINT:
		b.Log.Warnf("Ctrl-Alt-Del (SIGINT): %s", commandNames[cmd])
		b.shutdown(cmd)
	case ok:
		b.Log.Warnf("%v: %s", s, commandNames[cmd])
		b.shutdown(cmd)
	default:
		b.Log.Warnf("%v: ignored (PID 1 never exits)", s)
	}
}

// catchCtrlAltDel asks the kernel to send SIGINT to PID 1 on Ctrl-Alt-Del
// instead of restarting at once without a sync (reboot(2),
// LINUX_REBOOT_CMD_CAD_OFF), as busybox init and systemd do. It is for PID 1
// alone: the setting is the whole machine's.
func (b *Boot) catchCtrlAltDel() {
	if os.Getpid() != 1 {
		return
	}
	// In a pid namespace other than the first, the kernel refuses (EINVAL):
	// Ctrl-Alt-Del is the host's.
	if err := unix.Reboot(unix.LINUX_REBOOT_CMD_CAD_OFF); err != nil {
		b.Log.Debugf("Ctrl-Alt-Del stays the kernel's: reboot(CAD_OFF): %v", err)
	}
}

func shellSysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setsid: true}
}
