package main

import (
	"fmt"
	"io/fs"
	"math"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/hostapdctl"
	"github.com/airroot/airroot/e2e/procfs"
)

// The guest's kernel-log marks written just before it has the access point
// restarted (an outage, like a deauthentication: the keeper's reconnection is timed
// from it) or the keeper's worker crashed.
const (
	restartMarkPrefix = "e2e-guest: restart the access point "
	crashMarkPrefix   = "e2e-guest: crash the keeper's worker "
)

// replaceTimeout bounds the wait for a killed process's successor.
const replaceTimeout = time.Minute

// restartAPs asks the fixture's child to kill and restart the access point at each
// of soak.APRestartAt, and waits each time for a new hostapd in /proc that then says
// its access point is enabled. Each request is also an outage the keeper must reconnect after.
func restartAPs(sys system, ss soakSys, exp guestproto.Expect, loopStart time.Time) ([]guestproto.Replaced, []deauthRequest) {
	soak := *exp.Soak
	var out []guestproto.Replaced
	var asked []deauthRequest
	for i, after := range soak.APRestartAt {
		waitUntil(ss, loopStart.Add(seconds(after)))
		r, at, err := restartAP(sys, ss, exp, i)
		r.At = at.Sub(loopStart).Seconds()
		if err != nil {
			r.Error = err.Error()
		}
		out = append(out, r)
		asked = append(asked, deauthRequest{at: at, err: err})
	}
	return out, asked
}

// restartAP has the access point restarted once and returns the old and new
// hostapd, and when it asked. Its first STATUS may go unanswered while it starts
// (hostapdRequest then waits its full timeout): the time back is its start time.
func restartAP(sys system, ss soakSys, exp guestproto.Expect, i int) (guestproto.Replaced, time.Time, error) {
	proc, err := fs.Sub(sys.root, "proc")
	if err != nil {
		return guestproto.Replaced{}, ss.now(), err
	}
	hostapd := func() (int, error) { return hostapdctl.FindProcess(proc, guestproto.HostapdProgram) }
	var r guestproto.Replaced
	if r.PIDBefore, err = hostapd(); err != nil {
		return r, ss.now(), err
	}
	mark := fmt.Sprintf("%s%d: hostapd pid %d", restartMarkPrefix, i+1, r.PIDBefore)
	kill := func() error { return ss.restartAP(exp.Soak.APRestartControl) }
	at, err := replaceProcess(sys, ss, &r, mark, kill, hostapd)
	if err != nil {
		return r, at, err
	}
	_, err = awaitNew(ss, at, 0, func() (int, error) { return r.PIDAfter, apEnabled(sys, exp.HostapdCtrl) })
	return r, at, err
}

// apEnabled asks hostapd whether its access point is up.
func apEnabled(sys system, ctrl string) error {
	reply, err := sys.hostapd(ctrl, "STATUS")
	if err != nil {
		return err
	}
	if st := hostapdctl.ParseStatus(reply); !st.Enabled() {
		return fmt.Errorf("hostapd says state=%s", st["state"])
	}
	return nil
}

// crashWorkers panics the keeper's worker at each of soak.WorkerCrashAt and waits
// each time for the supervisor's new worker.
func crashWorkers(sys system, ss soakSys, soak guestproto.Soak, loopStart time.Time) []guestproto.Replaced {
	var out []guestproto.Replaced
	for i, after := range soak.WorkerCrashAt {
		waitUntil(ss, loopStart.Add(seconds(after)))
		r, at, err := crashWorker(sys, ss, i)
		r.At = at.Sub(loopStart).Seconds()
		if err != nil {
			r.Error = err.Error()
		}
		out = append(out, r)
	}
	return out
}

// crashWorker panics the keeper's worker once and returns the old and new worker,
// and when it asked.
func crashWorker(sys system, ss soakSys, i int) (guestproto.Replaced, time.Time, error) {
	var r guestproto.Replaced
	var err error
	if r.PIDBefore, err = keeperWorker(sys.root); err != nil {
		return r, ss.now(), err
	}
	mark := fmt.Sprintf("%s%d: pid %d", crashMarkPrefix, i+1, r.PIDBefore)
	kill := func() error { return ss.panicWorker(r.PIDBefore) }
	at, err := replaceProcess(sys, ss, &r, mark, kill, func() (int, error) { return keeperWorker(sys.root) })
	return r, at, err
}

// replaceProcess marks the kernel log, has kill end process r.PIDBefore and waits
// for find to name its successor, whose start it times from the request. It returns
// when it asked.
func replaceProcess(sys system, ss soakSys, r *guestproto.Replaced, mark string, kill func() error, find func() (int, error)) (time.Time, error) {
	if err := ss.mark(mark); err != nil {
		return ss.now(), fmt.Errorf("mark the kernel log: %w", err)
	}
	at := ss.now()
	asked, err := readUptime(sys.root)
	if err != nil {
		return at, err
	}
	if err := kill(); err != nil {
		return at, err
	}
	if r.PIDAfter, err = awaitNew(ss, at, r.PIDBefore, find); err != nil {
		return at, err
	}
	r.BackSeconds, err = startedAfter(sys.root, r.PIDAfter, asked)
	return at, err
}

// startedAfter is how long after since (seconds since boot) process pid started: the
// time back, whenever the guest got to see the process (reading /proc can wait on a
// process faulting in pages from a stalled NFS root).
func startedAfter(root fs.FS, pid int, since float64) (float64, error) {
	data, err := fs.ReadFile(root, fmt.Sprintf("proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("start time of pid %d: %w", pid, err)
	}
	start, err := procfs.ParseStatStartSeconds(string(data))
	return math.Round((start-since)*100) / 100, err
}

// awaitNew polls find until it names a process other than old without an error, for
// replaceTimeout from since.
func awaitNew(ss soakSys, since time.Time, old int, find func() (int, error)) (int, error) {
	for {
		pid, err := find()
		if err == nil && pid != old {
			return pid, nil
		}
		if ss.now().Sub(since) > replaceTimeout {
			if err == nil {
				err = fmt.Errorf("pid %d is still there", old)
			}
			return 0, fmt.Errorf("no new process after %v: %w", replaceTimeout, err)
		}
		ss.sleep(100 * time.Millisecond)
	}
}

// waitUntil sleeps until t.
func waitUntil(ss soakSys, t time.Time) {
	if wait := t.Sub(ss.now()); wait > 0 {
		ss.sleep(wait)
	}
}
