package scenario

import (
	"errors"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
)

// observation is what a scenario's console showed so far.
type observation struct {
	// Expected counts the scenario's Expect patterns matched, in order.
	Expected int
	// Repeats counts lines matching the scenario's StopAfter pattern.
	Repeats int
	// Required marks the scenario's Require patterns seen, by index.
	Required    map[int]bool
	Timeline    *machine.Timeline
	TimelineErr error
	Result      *guestproto.Result
	ResultErr   error
	// Panic is the first kernel panic line.
	Panic string
	// LastAirroot is the last line airroot printed, for failure reasons.
	LastAirroot string
	// APUp is set once the Wi-Fi fixture announced its access point; LastFixture is
	// the last line the fixture printed.
	APUp        bool
	LastFixture string
	// NFSRestart is what the harness did to the NFS server (an NFSRestart fault).
	NFSRestart *NFSOutage
	// CablePull is what the harness did to the board's wired link (a CablePull fault).
	CablePull *CableOutage
	// ShellStarted and ShellEnded follow the demo shell's start and end lines.
	ShellStarted, ShellEnded bool
}

// watcher matches console lines against a scenario's checks.
type watcher struct {
	c   Checks
	obs observation
}

// newWatcher returns a watcher for c.
func newWatcher(c Checks) *watcher { return &watcher{c: c} }

// observation returns what the console showed so far.
func (w *watcher) observation() observation { return w.obs }

// Line feeds one console line (with or without its line ending).
func (w *watcher) Line(line string) {
	line = strings.TrimRight(line, "\r\n")
	o := &w.obs
	for o.Expected < len(w.c.Expect) && w.c.Expect[o.Expected].Match(line) {
		o.Expected++
	}
	for i, p := range w.c.Require {
		if !o.Required[i] && p.Match(line) {
			if o.Required == nil {
				o.Required = map[int]bool{}
			}
			o.Required[i] = true
		}
	}
	if w.c.StopAfter.Count > 0 && w.c.StopAfter.Pattern.Match(line) {
		o.Repeats++
	}
	if i := strings.Index(line, "airroot: "); i >= 0 {
		o.LastAirroot = line[i:]
	}
	if i := strings.Index(line, guestproto.FixtureLogPrefix); i >= 0 {
		o.LastFixture = line[i:]
		o.APUp = o.APUp || guestproto.IsFixtureUpLine(line)
	}
	o.ShellStarted = o.ShellStarted || strings.Contains(line, guestproto.ShellStartLine)
	o.ShellEnded = o.ShellEnded || strings.Contains(line, guestproto.ShellEndLine)
	if o.Panic == "" && strings.Contains(line, machine.PanicMarker) {
		o.Panic = line[strings.Index(line, machine.PanicMarker):]
	}
	if o.Timeline == nil && o.TimelineErr == nil {
		if tl, err := machine.ParseTimelineLine(line); err == nil {
			o.Timeline = &tl
		} else if !errors.Is(err, machine.ErrNoTimeline) {
			o.TimelineErr = err
		}
	}
	if o.Result == nil && o.ResultErr == nil {
		if r, err := guestproto.ParseResultLine(line); err == nil {
			o.Result = &r
		} else if !errors.Is(err, guestproto.ErrNoResult) {
			o.ResultErr = err
		}
	}
}

// decide says what to do after obs on board b; shell keeps the boot going while the
// guest's shell runs.
func decide(c Checks, b machine.Board, obs observation, shell bool) machine.Action {
	switch {
	case obs.Panic != "":
		return machine.StopNow
	case c.StopAfter.Count > 0 && obs.Repeats >= c.StopAfter.Count:
		return machine.StopNow
	case obs.ResultErr != nil:
		return machine.StopNow
	case shell && obs.Result != nil && !obs.ShellEnded:
		return machine.Continue // the user is in the guest's shell
	case obs.Result != nil:
		if b.PowerOffExits && obs.Result.Mode == guestproto.ModeNewRoot {
			return machine.AwaitExit
		}
		return machine.StopNow
	}
	return machine.Continue
}
