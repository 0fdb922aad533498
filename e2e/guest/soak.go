package main

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// soakDir is where the soak's files go, on the NFS root.
const soakDir = "/e2e/soak"

// soakSys is what a soak needs besides the checks' system.
type soakSys struct {
	now   func() time.Time
	sleep func(time.Duration)
	// records reads the kernel log with times; mark writes a line into it.
	records func() ([]kmsgRecord, error)
	mark    func(string) error
	// mac is the hardware address of a network interface.
	mac func(iface string) (string, error)
	// loop is the file I/O loop, its folder and read flags set.
	loop *fileLoop
	// radio opens the attacker's monitor interface in the access point's namespace.
	radio func(iface string) (radio, error)
	// restartAP asks the fixture's child, through its FIFO, to restart the access
	// point; panicWorker panics the keeper's worker.
	restartAP   func(control string) error
	panicWorker func(pid int) error
	// killAP switches off the access point behind a hostapd control socket.
	killAP func(control string) error
}

// deauthRequest is one deauthentication, or access point restart, the guest asked for.
type deauthRequest struct {
	at  time.Time
	err error
}

// runSoak exercises the keeper as exp.Soak says and reports what it measured; the
// check fails only when the figures could not be taken (the harness judges them).
func runSoak(sys system, ss soakSys, exp guestproto.Expect, start time.Time) (*guestproto.Keeper, guestproto.Check) {
	pid, err := findKeeper(sys.root)
	if err != nil {
		return nil, newCheck("keeper-soak", err, "")
	}
	k := &guestproto.Keeper{PID: pid}
	if k.Argv0, err = processArgv0(sys.root, pid); err != nil {
		return nil, newCheck("keeper-soak", err, "")
	}
	deauths, errIO := ioPhase(sys, ss, exp, k)
	errIdle := idlePhase(sys, ss, *exp.Soak, k)
	if wait := seconds(exp.Soak.RSSAfterSeconds) - ss.now().Sub(start); wait > 0 {
		ss.sleep(wait)
	}
	k.RSSAtSeconds = ss.now().Sub(start).Seconds()
	var errRSS error
	k.VmRSSKiB, errRSS = keeperRSS(sys.root)
	records, errLog := ss.records()
	log := analyzeKeeperLog(records)
	k.GroupRekeys, k.PairwiseRekeys, k.LinkLost = log.group, log.pairwise, log.lost
	k.Renewals, k.Addresses, k.SAQueriesAnswered = log.renewals, log.addresses, log.saQueriesAnswered
	k.DHCPOutages = log.dhcpOutages
	k.Reconnects = reconnects(log, deauths, ss.loop)
	if err := errors.Join(errIO, errIdle, errRSS, errLog); err != nil {
		return k, newCheck("keeper-soak", err, "")
	}
	return k, newCheck("keeper-soak", nil, fmt.Sprintf("keeper pid %d (%q): %d files written and verified, %d rekeys, %d renewals, %d DHCP outages, %d reconnects, %d attacks, %d access point restarts, %d worker crashes",
		pid, k.Argv0, k.IO.Verified, k.GroupRekeys+k.PairwiseRekeys, k.Renewals, len(k.DHCPOutages), len(k.Reconnects), len(k.Attacks), len(k.APRestarts), len(k.WorkerCrashes)))
}

// ioPhase runs the file I/O between two kernel-log marks, with the deauthentications,
// access point restarts, worker crashes and attacks alongside, then verifies every
// file; the keeper's CPU time is taken over the I/O. It returns the outages the guest
// caused (deauthentications, restarts), in time order.
func ioPhase(sys system, ss soakSys, exp guestproto.Expect, k *guestproto.Keeper) ([]deauthRequest, error) {
	cpu0, err0 := keeperCPU(sys.root)
	errMark := ss.mark(soakBeginMark)
	ss.loop.every, ss.loop.sleep = seconds(exp.Soak.IOEverySeconds), ss.sleep
	loopStart := ss.now()
	var deauths, restarts, switchOffs []deauthRequest
	var wg sync.WaitGroup
	wg.Add(6)
	go func() {
		defer wg.Done()
		k.SwitchedOff, switchOffs = switchOffAPs(sys, ss, *exp.Soak, loopStart)
	}()
	go func() {
		defer wg.Done()
		deauths = deauthenticate(sys, ss, exp, *exp.Soak, loopStart)
	}()
	go func() {
		defer wg.Done()
		k.APRestarts, restarts = restartAPs(sys, ss, exp, loopStart)
	}()
	go func() {
		defer wg.Done()
		k.WorkerCrashes = crashWorkers(sys, ss, *exp.Soak, loopStart)
	}()
	stop := make(chan struct{})
	go func() {
		defer wg.Done()
		k.Attacks = attack(sys, ss, exp, loopStart, stop)
	}()
	var errSamples error
	go func() {
		defer wg.Done()
		k.Samples, errSamples = sampleKeeper(sys, ss, *exp.Soak, loopStart, stop)
	}()
	ss.loop.run(loopStart, loopStart.Add(seconds(exp.Soak.IOSeconds)))
	close(stop)
	wg.Wait()
	cpu1, err1 := keeperCPU(sys.root)
	k.CPUSeconds, k.WindowSeconds = msRound(cpu1-cpu0), ss.now().Sub(loopStart).Seconds()
	errEnd := ss.mark(soakEndMark)
	ss.loop.verifyAll()
	k.IO = ss.loop.io
	outages := slices.Concat(deauths, restarts, switchOffs)
	slices.SortStableFunc(outages, func(a, b deauthRequest) int { return a.at.Compare(b.at) })
	return outages, errors.Join(err0, errMark, err1, errEnd, errSamples)
}

// idlePhase, when the soak has one, does nothing for its length and takes the
// keeper's CPU time over it instead.
func idlePhase(sys system, ss soakSys, soak guestproto.Soak, k *guestproto.Keeper) error {
	if soak.IdleSeconds <= 0 {
		return nil
	}
	cpu0, err0 := keeperCPU(sys.root)
	idleStart := ss.now()
	ss.sleep(seconds(soak.IdleSeconds))
	cpu1, err1 := keeperCPU(sys.root)
	k.CPUSeconds, k.WindowSeconds, k.IdleWindow = msRound(cpu1-cpu0), ss.now().Sub(idleStart).Seconds(), true
	return errors.Join(err0, err1)
}

// deauthenticate asks the access point to deauthenticate the station at each of
// soak.DeauthAt, marking the kernel log just before.
func deauthenticate(sys system, ss soakSys, exp guestproto.Expect, soak guestproto.Soak, loopStart time.Time) []deauthRequest {
	var out []deauthRequest
	for i, after := range soak.DeauthAt {
		if wait := loopStart.Add(seconds(after)).Sub(ss.now()); wait > 0 {
			ss.sleep(wait)
		}
		out = append(out, deauthRequest{at: ss.now(), err: deauthOnce(sys, ss, exp, soak, i)})
	}
	return out
}

func deauthOnce(sys system, ss soakSys, exp guestproto.Expect, soak guestproto.Soak, i int) error {
	mac, err := ss.mac(soak.StationInterface)
	if err != nil {
		return err
	}
	cmd := "DEAUTHENTICATE " + mac
	if soak.DeauthSilently {
		cmd += " tx=0"
	}
	if err := ss.mark(fmt.Sprintf("%s%d: %s", deauthMarkPrefix, i+1, cmd)); err != nil {
		return fmt.Errorf("mark the kernel log: %w", err)
	}
	reply, err := sys.hostapd(exp.HostapdCtrl, cmd)
	if err == nil && strings.TrimSpace(reply) != "OK" {
		err = fmt.Errorf("hostapd answered %q to %s", strings.TrimSpace(reply), cmd)
	}
	return err
}

// reconnects joins what the guest asked for with what the keeper logged and when the
// file I/O went on.
func reconnects(log keeperLog, deauths []deauthRequest, loop *fileLoop) []guestproto.Reconnect {
	logged := log.reconnectsAfter()
	out := make([]guestproto.Reconnect, len(deauths))
	for i, d := range deauths {
		if i < len(logged) {
			out[i] = logged[i]
		}
		if d.err != nil {
			out[i].Error = d.err.Error()
			continue
		}
		out[i].IOResumedSeconds = loop.resumedAfter(d.at, out[i].ReconnectedSeconds)
	}
	return out
}

// processArgv0 reads the first word of /proc/PID/cmdline.
func processArgv0(root fs.FS, pid int) (string, error) {
	data, err := fs.ReadFile(root, fmt.Sprintf("proc/%d/cmdline", pid))
	if err != nil {
		return "", fmt.Errorf("keeper's command line: %w", err)
	}
	argv0, _, _ := strings.Cut(string(data), "\x00")
	return argv0, nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
