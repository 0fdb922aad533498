package scenario

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// NFSRestart stops the NFS server At seconds into the keeper soak's I/O and has it
// serve again DownSeconds later on the same port, export and file handles
// (testbed.NFSServer.Restart): the server killed during the root's writes. airroot
// mounts the root hard (the kernel's default, which it keeps: RFC 1813 leaves the
// retrying to the client), so the guest's I/O waits, then goes on: it must stall no
// longer than MaxStall, every file verify, and no I/O error come.
type NFSRestart struct {
	At, DownSeconds float64
	MaxStall        time.Duration
}

func (r NFSRestart) validate(s Scenario) []error {
	var errs []error
	if _, dead := findFault[DeadNFS](s); dead {
		errs = append(errs, errors.New("an NFS server restart and a dead NFS server: nothing listens to restart"))
	}
	if r.DownSeconds <= 0 || r.MaxStall.Seconds() <= r.DownSeconds {
		errs = append(errs, fmt.Errorf("an NFS server restart needs DownSeconds (%v) and a MaxStall (%v) longer", r.DownSeconds, r.MaxStall))
	}
	return append(errs, duringIO(s, "NFS server restart", r.At)...)
}

// NFSOutage is what the harness did to the NFS server, in report.json.
type NFSOutage struct {
	// StoppedAtSeconds is from the guest's soak-begin line on the console to the stop.
	StoppedAtSeconds float64 `json:"stopped_at_seconds"`
	// DownSeconds is from the stop to the server listening again.
	DownSeconds float64 `json:"down_seconds"`
	Error       string  `json:"error,omitempty"`
}

// nfsRestarter restarts srv as r says once the console shows the soak's I/O begin.
type nfsRestarter struct {
	r       NFSRestart
	srv     rootServer
	soak    onSoakBegin
	outcome NFSOutage
}

func newNFSRestarter(r NFSRestart, srv rootServer) *nfsRestarter {
	return &nfsRestarter{r: r, srv: srv, soak: newOnSoakBegin()}
}

// line watches a console line for the guest's soak-begin mark.
func (n *nfsRestarter) line(l string) { n.soak.line(l, n.run) }

func (n *nfsRestarter) run(begin time.Time) {
	time.Sleep(time.Until(begin.Add(seconds(n.r.At))))
	stopped := time.Now()
	err := n.srv.Restart(seconds(n.r.DownSeconds))
	n.outcome = NFSOutage{StoppedAtSeconds: round1(stopped.Sub(begin).Seconds()), DownSeconds: round1(time.Since(stopped).Seconds())}
	if err != nil {
		n.outcome.Error = err.Error()
	}
}

// result waits for the restart, if the soak began, and returns what it did.
func (n *nfsRestarter) result() *NFSOutage {
	if !n.soak.wait() {
		return nil
	}
	return &n.outcome
}

// nfsRestartProblems judges the NFS server's restart: it happened, and the I/O
// stalled for no longer than allowed (ioProblems has counted the errors).
func nfsRestartProblems(s Scenario, obs observation) []string {
	r, ok := findFault[NFSRestart](s)
	if !ok {
		return nil
	}
	o := obs.NFSRestart
	switch {
	case o == nil:
		return []string{"the NFS server was never restarted: the console showed no soak begin"}
	case o.Error != "":
		return []string{"the NFS server's restart: " + o.Error}
	}
	if k := obs.Result.Keeper; k != nil && k.IO.LongestStallSeconds > r.MaxStall.Seconds() {
		return []string{fmt.Sprintf("the NFS root's I/O stalled %.1f s over the server's restart, want at most %v", k.IO.LongestStallSeconds, r.MaxStall)}
	}
	return nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func round1(v float64) float64 { return math.Round(v*10) / 10 }
