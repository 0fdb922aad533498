package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/e2e/hostapdctl"
)

// The rejoin timing's pace and patience.
const (
	probeEvery  = 20 * time.Millisecond // one echo request this often
	firstReply  = 10 * time.Second      // for the echo's first answer, before any fault
	settle      = time.Second           // traffic flowing before each fault
	deauthLimit = 30 * time.Second      // for traffic back after the deauthentication
	restartWait = 30 * time.Second      // for the new hostapd
	backLimit   = 60 * time.Second      // for traffic back after the access point's return
	pollEvery   = 100 * time.Millisecond
	statusEvery = 20 * time.Millisecond // the new hostapd's STATUS, until its access point is up
)

// stationInterface is the board's Wi-Fi interface, which the access point
// deauthenticates by its address.
const stationInterface = "wlan0"

// rejoinSys is what the rejoin timing reads and does.
type rejoinSys struct {
	now   func() float64 // seconds since boot (CLOCK_BOOTTIME), as the replies' times
	sleep func(time.Duration)
	// replies are the times the echo's answers arrived, ascending.
	replies func() []float64
	// hostapd sends the access point's hostapd a command and returns its reply.
	hostapd func(cmd string) (string, error)
	// mac is the station's address.
	mac func() (string, error)
	// restart asks the fixture to kill hostapd and start another.
	restart func() error
	// hostapdPID is the running hostapd's; started, when pid started.
	hostapdPID func() (int, error)
	started    func(pid int) (float64, error)
}

// timeRejoins times the two outages in turn: the access point's
// deauthentication of the station (benchproto.DeauthRounds times), then its
// restart (benchproto.RestartRounds times).
func timeRejoins(rs rejoinSys) *benchproto.Rejoin {
	r := &benchproto.Rejoin{ProbeSeconds: probeEvery.Seconds()}
	if _, ok := awaitReply(rs, rs.now(), firstReply); !ok {
		r.Error = fmt.Sprintf("no answer from the host's echo within %v, before any fault", firstReply)
		return r
	}
	var steps []func(rejoinSys, *benchproto.Rejoin) error
	for range benchproto.DeauthRounds {
		steps = append(steps, timeDeauth)
	}
	for range benchproto.RestartRounds {
		steps = append(steps, timeRestart)
	}
	for _, step := range steps {
		rs.sleep(settle)
		if err := step(rs, r); err != nil {
			r.Error = err.Error()
			return r
		}
	}
	return r
}

// timeDeauth has the access point deauthenticate the station and times the
// silence that follows, to the answer that ends it.
func timeDeauth(rs rejoinSys, r *benchproto.Rejoin) error {
	mac, err := rs.mac()
	if err != nil {
		return err
	}
	asked := rs.now()
	reply, err := rs.hostapd("DEAUTHENTICATE " + mac)
	if err == nil && strings.TrimSpace(reply) != "OK" {
		err = fmt.Errorf("hostapd answered %q", strings.TrimSpace(reply))
	}
	if err != nil {
		return fmt.Errorf("deauthenticate %s: %w", mac, err)
	}
	// Wait for the silence to end and traffic to flow a while after it.
	deadline := asked + deauthLimit.Seconds()
	for rs.now() < deadline {
		rs.sleep(pollEvery)
		now := rs.now()
		if silent, back, ok := silenceEnded(rs.replies(), asked, now); ok && now-back >= settle.Seconds() {
			r.Deauths = append(r.Deauths, benchproto.Deauth{Seconds: back - asked, SilenceSeconds: back - silent})
			return nil
		}
	}
	return fmt.Errorf("traffic not back within %v of the deauthentication", deauthLimit)
}

// timeRestart has the fixture kill the access point's hostapd (no
// deauthentication: its beacons stop) and start a new one some seconds
// later, and times the new one's start to the first answer after it.
func timeRestart(rs rejoinSys, r *benchproto.Rejoin) error {
	old, err := rs.hostapdPID()
	if err != nil {
		return fmt.Errorf("before the restart: %w", err)
	}
	asked := rs.now()
	if err := rs.restart(); err != nil {
		return err
	}
	pid, err := awaitNewPID(rs, old)
	if err != nil {
		return err
	}
	started, err := rs.started(pid)
	if err != nil {
		return fmt.Errorf("the new hostapd %d: %w", pid, err)
	}
	back, err := awaitEnabled(rs)
	if err != nil {
		return err
	}
	at, ok := awaitReply(rs, back, backLimit)
	if !ok {
		return fmt.Errorf("traffic not back within %v of the access point's return", backLimit)
	}
	r.Restarts = append(r.Restarts, benchproto.Restart{
		DownSeconds: started - asked, UpSeconds: back - started, BackSeconds: max(at-back, 0),
	})
	return nil
}

// awaitEnabled asks the new hostapd for its STATUS every statusEvery until
// its access point is up (state=ENABLED, what its AP-ENABLED event says), and
// returns when the answer that said so arrived: the access point's return,
// at most statusEvery and an answer's latency late. Not when it was asked:
// hostapd answers only from its event loop, so a STATUS asked while it sets up
// the access point waits for the setup's end.
func awaitEnabled(rs rejoinSys) (float64, error) {
	deadline := rs.now() + restartWait.Seconds()
	var last error
	for rs.now() < deadline {
		reply, err := rs.hostapd("STATUS")
		at := rs.now()
		if err == nil && hostapdctl.ParseStatus(reply).Enabled() {
			return at, nil
		}
		if err == nil {
			err = fmt.Errorf("hostapd says state=%s", hostapdctl.ParseStatus(reply)["state"])
		}
		last = err
		rs.sleep(statusEvery)
	}
	return 0, errors.Join(fmt.Errorf("the new hostapd's access point not up within %v", restartWait), last)
}

// awaitNewPID waits for a hostapd other than old.
func awaitNewPID(rs rejoinSys, old int) (int, error) {
	deadline := rs.now() + restartWait.Seconds()
	var last error
	for rs.now() < deadline {
		rs.sleep(pollEvery)
		pid, err := rs.hostapdPID()
		if err == nil && pid != old {
			return pid, nil
		}
		last = err
	}
	return 0, errors.Join(fmt.Errorf("no new hostapd within %v of the restart request", restartWait), last)
}

// awaitReply waits up to limit for an answer arriving at from or later.
func awaitReply(rs rejoinSys, from float64, limit time.Duration) (float64, bool) {
	deadline := rs.now() + limit.Seconds()
	for {
		if at, ok := firstAfter(rs.replies(), from); ok {
			return at, true
		}
		if rs.now() >= deadline {
			return 0, false
		}
		rs.sleep(pollEvery)
	}
}

// firstAfter is the first of replies (ascending) at from or later.
func firstAfter(replies []float64, from float64) (float64, bool) {
	i := sort.SearchFloat64s(replies, from)
	if i == len(replies) {
		return 0, false
	}
	return replies[i], true
}

// silenceEnded is when the longest silence from from on began and ended:
// the last arrival before the longest gap (or from, when the gap is the
// first), and the arrival, among replies (ascending), that follows the
// longest gap between from and the arrivals after it. ok is false while the
// silence since the last arrival (to now) is the longest: the outage goes
// on. Answers to requests the kernel queued while the link was down arrive
// after the gap, not in it.
func silenceEnded(replies []float64, from, now float64) (began, back float64, ok bool) {
	i := sort.SearchFloat64s(replies, from)
	if i == len(replies) {
		return 0, 0, false
	}
	prev, longest := from, -1.0
	for _, at := range replies[i:] {
		if gap := at - prev; gap > longest {
			longest, began, back = gap, prev, at
		}
		prev = at
	}
	return began, back, now-prev < longest
}
