package boot

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// commandNames say what each reboot(2) command does, for the console.
var commandNames = map[uint32]string{
	unix.LINUX_REBOOT_CMD_RESTART:   "rebooting",
	unix.LINUX_REBOOT_CMD_HALT:      "halting",
	unix.LINUX_REBOOT_CMD_POWER_OFF: "powering off",
}

// How long the shutdown gives the processes to end after SIGTERM and after
// SIGKILL (busybox init waits a second after each), and how long it waits
// for a sync or an unmount, which an NFS root whose server or network is
// gone can block for ever.
var (
	termGrace  = 3 * time.Second
	killGrace  = time.Second
	flushLimit = 10 * time.Second
)

// shutdown ends the system as busybox init does on its shutdown signals:
// it syncs while the keeper still holds the network, asks every process to
// end (SIGTERM), kills those left (SIGKILL), unmounts the new root (or
// remounts it read-only), syncs again, then reboots, halts or powers off
// (cmd). Every wait is bounded: the board goes down even without its NFS
// server. It matters only while /init is PID 1 (in the initramfs: rd.shell,
// a wait for the network, a failure); after switch_root, PID 1 is the new
// root's init.
func (b *Boot) shutdown(cmd uint32) {
	b.stopping.Store(true)
	// Only PID 1 may signal every process: anything else would kill its
	// own parents.
	if os.Getpid() == 1 {
		b.bounded("sync", unix.Sync)
		b.stopProcesses()
		b.bounded("unmount "+newRootDir, b.unmountNewRoot)
		b.bounded("sync", unix.Sync)
	}
	rebootSyscall(cmd)
}

// stopProcesses sends SIGTERM to every process but PID 1, waits for them
// to end, then does the same with SIGKILL.
func (b *Boot) stopProcesses() {
	for _, s := range []struct {
		sig   unix.Signal
		grace time.Duration
	}{{unix.SIGTERM, termGrace}, {unix.SIGKILL, killGrace}} {
		if err := unix.Kill(-1, s.sig); errors.Is(err, unix.ESRCH) {
			return // no process left
		}
		b.Log.Infof("shutdown: sent %v to every process", s.sig)
		if waitChildren(s.grace) {
			return
		}
	}
	b.Log.Warnf("shutdown: processes left after SIGKILL (going on)")
}

// waitChildren reaps children until none is left, for at most d, and
// reports whether none is. Every process ends up PID 1's child once its
// parents are gone.
func waitChildren(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for reaper.reapAll() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// unmountNewRoot unmounts the NFS root, the one filesystem PID 1 mounts
// that holds data, or remounts it read-only when it is busy.
func (b *Boot) unmountNewRoot() {
	err := unix.Unmount(newRootDir, 0)
	switch {
	case err == nil:
		b.Log.Infof("shutdown: unmounted %s", newRootDir)
	case errors.Is(err, unix.EINVAL): // not a mount point: nothing mounted yet
	case unix.Mount("", newRootDir, "", unix.MS_REMOUNT|unix.MS_RDONLY, "") == nil:
		b.Log.Infof("shutdown: %s busy (%v): remounted read-only", newRootDir, err)
	default:
		b.Log.Warnf("shutdown: unmount %s: %v", newRootDir, err)
	}
}

// bounded runs fn and waits for it at most flushLimit.
func (b *Boot) bounded(what string, fn func()) {
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	select {
	case <-done:
	case <-time.After(flushLimit):
		b.Log.Warnf("shutdown: %s still running after %v (going on)", what, flushLimit)
	}
}

// rebootSyscall reboots, halts or powers off. The command is a 32-bit
// magic number that does not fit a 32-bit int; the kernel reads it as an
// unsigned int, so passing its bits through int32 works on every arch.
// Only PID 1 ends the system: anything else (a test) returns. Tests
// replace it.
var rebootSyscall = func(cmd uint32) {
	if os.Getpid() == 1 {
		_ = unix.Reboot(int(int32(cmd)))
	}
}
