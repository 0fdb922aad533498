package harness

import (
	"fmt"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// EndReason says how a QEMU run ended.
type EndReason int

const (
	// EndStopped means the harness stopped QEMU after Decide said StopNow.
	EndStopped EndReason = iota
	// EndExited means QEMU exited by itself.
	EndExited
	// EndTimeout means the scenario's time ran out and the harness killed QEMU.
	EndTimeout
	// EndNoPowerOff means the guest said it powers off but QEMU did not exit in time.
	EndNoPowerOff
	// EndAborted means the whole e2e run ran out of time (go test -timeout) and the
	// harness killed QEMU before the scenario's own timeout.
	EndAborted
)

// End describes how a QEMU run ended.
type End struct {
	Reason EndReason
	// Wall is the time QEMU ran.
	Wall time.Duration
	// ExitErr is QEMU's exit error with its stderr, when it exited with a failure.
	ExitErr string
}

// Judge returns why the scenario failed, or "" when it passed.
func Judge(s Scenario, obs Observation, end End) string {
	if obs.Panic != "" {
		return "kernel panic: " + obs.Panic
	}
	problems := consoleProblems(s, obs)
	problems = append(problems, resultProblems(s, obs)...)
	problems = append(problems, timelineProblems(s, obs)...)
	problems = append(problems, keeperProblems(s, obs)...)
	switch {
	case end.Reason == EndTimeout:
		problems = append([]string{fmt.Sprintf("timed out after %v", s.Timeout)}, problems...)
	case end.Reason == EndAborted:
		problems = append([]string{fmt.Sprintf("stopped after %v: the e2e run's time ran out (raise go test -timeout)", end.Wall.Round(time.Second))}, problems...)
	case end.Reason == EndNoPowerOff:
		problems = append(problems, "QEMU did not exit after the guest powered off")
	case end.ExitErr != "" && len(problems) > 0:
		problems = append(problems, "qemu: "+end.ExitErr)
	}
	if len(problems) == 0 {
		return ""
	}
	reason := strings.Join(problems, "; ")
	if s.AccessPoint != nil && !obs.APUp {
		reason += fmt.Sprintf("; the test access point never came up (last fixture line: %q)", obs.LastFixture)
	}
	if obs.LastAirroot != "" && obs.Result == nil {
		reason += fmt.Sprintf(" (last airroot line: %q)", obs.LastAirroot)
	}
	return reason
}

func consoleProblems(s Scenario, obs Observation) []string {
	var problems []string
	if obs.Expected < len(s.Expect) {
		problems = append(problems, fmt.Sprintf("console never showed a line matching %v (expectation %d of %d)",
			s.Expect[obs.Expected], obs.Expected+1, len(s.Expect)))
	}
	for i, p := range s.Require {
		if !obs.Required[i] {
			problems = append(problems, fmt.Sprintf("console never showed a line matching %v", p))
		}
	}
	if s.StopAfter.Count > 0 && obs.Repeats < s.StopAfter.Count {
		problems = append(problems, fmt.Sprintf("saw %d of %d lines matching %v",
			obs.Repeats, s.StopAfter.Count, s.StopAfter.Pattern))
	}
	return problems
}

func resultProblems(s Scenario, obs Observation) []string {
	switch {
	case obs.ResultErr != nil:
		return []string{"guest result line unreadable: " + obs.ResultErr.Error()}
	case s.ResultMode == "" && obs.Result != nil:
		return []string{fmt.Sprintf("unexpected guest result line (guest ran as %s)", obs.Result.Mode)}
	case s.ResultMode == "":
		return nil
	case obs.Result == nil:
		return []string{"no guest result line (" + strings.TrimSpace(guestproto.ResultPrefix) + ")"}
	case obs.Result.Mode != s.ResultMode:
		return []string{fmt.Sprintf("guest ran as %s, want %s", obs.Result.Mode, s.ResultMode)}
	case !obs.Result.Pass:
		failed := obs.Result.FailedChecks()
		if len(failed) == 0 {
			failed = []string{"no checks ran"}
		}
		return []string{"guest checks failed: " + strings.Join(failed, "; ")}
	}
	return nil
}

func timelineProblems(s Scenario, obs Observation) []string {
	switch {
	case len(s.WantSteps) == 0:
		return nil
	case obs.TimelineErr != nil:
		return []string{obs.TimelineErr.Error()}
	case obs.Timeline == nil:
		return []string{"no airroot timeline line"}
	}
	if missing := obs.Timeline.Missing(s.WantSteps); len(missing) > 0 {
		return []string{fmt.Sprintf("airroot timeline lacks steps %q", missing)}
	}
	return nil
}
