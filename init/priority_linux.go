package boot

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/airroot/airroot/netboot/keeper"
	"golang.org/x/sys/unix"
)

// keeperYieldNice is the keeper's nice value while an appliance's app waits
// for the devices step: CFS then gives PID 1 about nine tenths of the CPU
// when both want it (weights 1024 and 110). On a Pi 1 under QEMU the
// keeper's join took about a quarter of the CPU during the coldplug, which
// the app waits for and the join does not; the join's own waits (scan,
// access point) are timers, which a nice value does not slow.
const keeperYieldNice = 10

// yieldKeeper lowers the keeper's priority until restoreKeeper: in
// appliance mode the app starts after the devices step, and the keeper's
// join shares the CPU with it. A failure only costs time, so it is logged.
func (b *Boot) yieldKeeper(k *keeper.Proc) {
	if k == nil || b.app == nil || b.app.WaitNetwork {
		return
	}
	if err := renice(k.PID(), keeperYieldNice); err != nil {
		b.Log.Debugf("keeper: %v", err)
		return
	}
	b.keeperYielding = k
}

// restoreKeeper gives the keeper back the priority it started with, once
// the app is about to start (or wait for the network).
func (b *Boot) restoreKeeper() {
	k := b.keeperYielding
	if k == nil {
		return
	}
	b.keeperYielding = nil
	if err := renice(k.PID(), 0); err != nil {
		b.Log.Warnf("keeper: %v", err)
	}
}

// renice sets the nice value of every thread of process pid: Linux keeps
// one per thread, and a thread starts with its creator's, so the threads
// the process starts later follow.
func renice(pid, nice int) error {
	dir := "/proc/" + strconv.Itoa(pid) + "/task"
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("renice pid %d to %d: %w", pid, nice, err)
	}
	var errs []error
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		if err := unix.Setpriority(unix.PRIO_PROCESS, tid, nice); err != nil && !errors.Is(err, unix.ESRCH) {
			errs = append(errs, fmt.Errorf("renice thread %d of pid %d to %d: %w", tid, pid, nice, err))
		}
	}
	return errors.Join(errs...)
}
