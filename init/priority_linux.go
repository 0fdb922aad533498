package boot

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/airroot/airroot/netboot/keeper"
	"golang.org/x/sys/unix"
)

// keeperYieldNice is the keeper's nice value while an appliance's app waits
// for the devices step and starts: CFS then gives the others about nine
// tenths of the CPU when both want it (weights 1024 and 110). On a Pi 1
// under QEMU the keeper's join took about a quarter of the CPU during the
// coldplug, which the app waits for and the join does not, and 0.25 s of
// the 0.94 s from the app's exec to its first line, where the app needed
// 0.19 s; the join's own waits (scan, access point) are timers, which a
// nice value does not slow.
const keeperYieldNice = 10

// appStartGrace bounds how long the keeper yields to an app that has
// started but printed nothing yet: an app may never print.
const appStartGrace = time.Second

// yieldKeeper lowers the keeper's priority until restoreKeeper: in
// appliance mode the app starts after the devices step, and the keeper's
// join shares the CPU with both. A failure only costs time, so it is logged.
func (b *Boot) yieldKeeper(k *keeper.Proc) {
	if k == nil || b.app == nil || b.app.WaitNetwork {
		return
	}
	if err := renice(k.PID(), keeperYieldNice); err != nil {
		b.Log.Debugf("keeper: %v", err)
		return
	}
	b.keeperYielding.Store(int64(k.PID()))
}

// restoreKeeperOnce gives the keeper its priority back when the app says
// something (said closes) or when grace fires, whichever comes first.
func (b *Boot) restoreKeeperOnce(said <-chan struct{}, grace <-chan time.Time) {
	if b.keeperYielding.Load() == 0 {
		return
	}
	go func() {
		select {
		case <-said:
		case <-grace:
		}
		b.restoreKeeper()
	}()
}

// restoreKeeper gives the keeper back the priority it started with; only
// the first call after yieldKeeper does anything.
func (b *Boot) restoreKeeper() {
	pid := b.keeperYielding.Swap(0)
	if pid == 0 {
		return
	}
	if err := renice(int(pid), 0); err != nil {
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
