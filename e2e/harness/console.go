package harness

import (
	"errors"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
)

// PanicMarker starts the kernel's panic message.
const PanicMarker = "Kernel panic - not syncing"

// Observation is what a scenario's console showed so far.
type Observation struct {
	// Expected counts the scenario's Expect patterns matched, in order.
	Expected int
	// Repeats counts lines matching the scenario's StopAfter pattern.
	Repeats int
	// Required marks the scenario's Require patterns seen, by index.
	Required    map[int]bool
	Timeline    *Timeline
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
	// ShellStarted and ShellEnded follow the demo shell's start and end lines.
	ShellStarted, ShellEnded bool
}

// Watcher matches console lines against a scenario's expectations.
type Watcher struct {
	s   Scenario
	obs Observation
}

// NewWatcher returns a Watcher for s.
func NewWatcher(s Scenario) *Watcher { return &Watcher{s: s} }

// Observation returns what the console showed so far.
func (w *Watcher) Observation() Observation { return w.obs }

// Line feeds one console line (with or without its line ending).
func (w *Watcher) Line(line string) {
	line = strings.TrimRight(line, "\r\n")
	o := &w.obs
	for o.Expected < len(w.s.Expect) && w.s.Expect[o.Expected].Match(line) {
		o.Expected++
	}
	for i, p := range w.s.Require {
		if !o.Required[i] && p.Match(line) {
			if o.Required == nil {
				o.Required = map[int]bool{}
			}
			o.Required[i] = true
		}
	}
	if w.s.StopAfter.Count > 0 && w.s.StopAfter.Pattern.Match(line) {
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
	if o.Panic == "" && strings.Contains(line, PanicMarker) {
		o.Panic = line[strings.Index(line, PanicMarker):]
	}
	if o.Timeline == nil && o.TimelineErr == nil {
		if tl, err := ParseTimelineLine(line); err == nil {
			o.Timeline = &tl
		} else if !errors.Is(err, ErrNoTimeline) {
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

// Action is what the harness does next with a running QEMU.
type Action int

const (
	// Continue lets the boot go on.
	Continue Action = iota
	// AwaitExit waits for QEMU to end by itself (the guest is powering off).
	AwaitExit
	// StopNow ends QEMU: the scenario has seen what it came for, or the kernel panicked.
	StopNow
)

// Decide says what to do after obs on board b.
func Decide(s Scenario, b Board, obs Observation) Action {
	switch {
	case obs.Panic != "":
		return StopNow
	case s.StopAfter.Count > 0 && obs.Repeats >= s.StopAfter.Count:
		return StopNow
	case obs.ResultErr != nil:
		return StopNow
	case s.Shell && obs.Result != nil && !obs.ShellEnded:
		return Continue // the user is in the guest's shell
	case obs.Result != nil:
		if b.PowerOffExits && obs.Result.Mode == guestproto.ModeNewRoot {
			return AwaitExit
		}
		return StopNow
	}
	return Continue
}
