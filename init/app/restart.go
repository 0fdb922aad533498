package app

import (
	"strconv"
	"time"

	"github.com/airroot/airroot/internal/backoff"
)

// Backoff spaces the starts of an app that keeps ending: a second, then
// doubling to a minute, as the keeper's worker restarts are.
var Backoff = backoff.Backoff{Initial: time.Second, Max: time.Minute}

// StableAfter is how long an app must have run for its next end to count
// as the first again.
const StableAfter = time.Minute

// Exit is how a run of the app ended.
type Exit struct {
	Code   int    // the exit status; -1 when a signal ended it
	Signal string // the signal's name, when one ended it
}

// Failed reports whether the run ended in failure: a non-zero status or a
// signal.
func (e Exit) Failed() bool { return e.Code != 0 || e.Signal != "" }

func (e Exit) String() string {
	if e.Signal != "" {
		return "killed by " + e.Signal
	}
	return "exit status " + strconv.Itoa(e.Code)
}

// Decision is what to do after a run ended.
type Decision struct {
	Restart bool
	Delay   time.Duration // before the next start
	Ends    int           // how many runs have ended since the app last ran StableAfter
	Failed  int           // how many runs have failed in all
}

// Restarts decides, run after run, whether the app starts again and after
// how long. Now is its clock.
type Restarts struct {
	Policy  Policy
	Backoff backoff.Backoff
	Now     func() time.Time

	started time.Time
	ends    int
	failed  int
}

// Started notes that a run began.
func (r *Restarts) Started() { r.started = r.Now() }

// Ended decides what follows the run that ended with e.
func (r *Restarts) Ended(e Exit) Decision {
	if r.Now().Sub(r.started) >= StableAfter {
		r.ends = 0
	}
	r.ends++
	if e.Failed() {
		r.failed++
	}
	d := Decision{Ends: r.ends, Failed: r.failed}
	switch r.Policy {
	case Always:
		d.Restart = true
	case OnFailure:
		d.Restart = e.Failed()
	}
	if d.Restart {
		d.Delay = r.Backoff.Delay(r.ends)
	}
	return d
}
