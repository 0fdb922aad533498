package boot

import (
	"os"
	"os/signal"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// signals PID 1 acts on, with busybox init's meaning.
var shutdownSignals = map[os.Signal]uint32{
	unix.SIGTERM: unix.LINUX_REBOOT_CMD_RESTART,
	unix.SIGUSR1: unix.LINUX_REBOOT_CMD_HALT,
	unix.SIGUSR2: unix.LINUX_REBOOT_CMD_POWER_OFF,
}

// reaper collects every child that exits: as PID 1 we inherit orphans.
var reaper = &childReaper{exited: map[int]unix.WaitStatus{}, waiters: map[int]chan unix.WaitStatus{}}

type childReaper struct {
	mu      sync.Mutex
	exited  map[int]unix.WaitStatus // reaped, nobody waiting yet
	waiters map[int]chan unix.WaitStatus
}

// reapAll collects every child that has exited.
func (r *childReaper) reapAll() {
	for {
		var ws unix.WaitStatus
		pid, err := unix.Wait4(-1, &ws, unix.WNOHANG, nil)
		if pid <= 0 || err != nil {
			return
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

var signalCh = make(chan os.Signal, 16)

// watchedSignals are the signals PID 1 handles itself.
var watchedSignals = []os.Signal{unix.SIGCHLD, unix.SIGTERM, unix.SIGUSR1, unix.SIGUSR2}

// handleSignals reaps children and honours the shutdown signals.
func (b *Boot) handleSignals() {
	signal.Notify(signalCh, watchedSignals...)
	go func() {
		for s := range signalCh {
			if s == unix.SIGCHLD {
				reaper.reapAll()
				continue
			}
			if cmd, ok := shutdownSignals[s]; ok {
				b.Log.Warnf("%v: shutting down", s)
				shutdown(cmd)
			}
		}
	}()
}

// stopSignals hands signal dispositions back to the defaults before exec.
func (b *Boot) stopSignals() { signal.Reset() }

// resumeSignals handles signals again after a switch that did not happen.
func (b *Boot) resumeSignals() { signal.Notify(signalCh, watchedSignals...) }

func shellSysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setsid: true}
}
