package scenario

import (
	"fmt"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
)

// judge returns why the scenario failed, or "" when it passed.
func judge(s Scenario, obs observation, end machine.End) string {
	if obs.Panic != "" {
		return "kernel panic: " + obs.Panic
	}
	problems := consoleProblems(s, obs)
	problems = append(problems, resultProblems(s, obs)...)
	problems = append(problems, timelineProblems(s, obs)...)
	problems = append(problems, keeperProblems(s, obs)...)
	switch {
	case end.Reason == machine.EndTimeout:
		problems = append([]string{fmt.Sprintf("timed out after %v", s.Timeout)}, problems...)
	case end.Reason == machine.EndAborted:
		problems = append([]string{fmt.Sprintf("stopped after %v: the e2e run's time ran out (raise go test -timeout)", end.Wall.Round(time.Second))}, problems...)
	case end.Reason == machine.EndNoPowerOff:
		problems = append(problems, "QEMU did not exit after the guest powered off")
	case end.ExitErr != "" && len(problems) > 0:
		problems = append(problems, "qemu: "+end.ExitErr)
	}
	if len(problems) == 0 {
		return ""
	}
	reason := strings.Join(problems, "; ")
	if isWiFi(s) && !obs.APUp {
		reason += fmt.Sprintf("; the test access point never came up (last fixture line: %q)", obs.LastFixture)
	}
	if obs.LastAirroot != "" && obs.Result == nil {
		reason += fmt.Sprintf(" (last airroot line: %q)", obs.LastAirroot)
	}
	return reason
}

func consoleProblems(s Scenario, obs observation) []string {
	var problems []string
	c := s.Checks
	if obs.Expected < len(c.Expect) {
		problems = append(problems, fmt.Sprintf("console never showed a line matching %v (expectation %d of %d)",
			c.Expect[obs.Expected], obs.Expected+1, len(c.Expect)))
	}
	for i, p := range c.Require {
		if !obs.Required[i] {
			problems = append(problems, fmt.Sprintf("console never showed a line matching %v", p))
		}
	}
	if c.StopAfter.Count > 0 && obs.Repeats < c.StopAfter.Count {
		problems = append(problems, fmt.Sprintf("saw %d of %d lines matching %v",
			obs.Repeats, c.StopAfter.Count, c.StopAfter.Pattern))
	}
	return problems
}

func resultProblems(s Scenario, obs observation) []string {
	switch {
	case obs.ResultErr != nil:
		return []string{"guest result line unreadable: " + obs.ResultErr.Error()}
	case s.Checks.Result == "" && obs.Result != nil:
		return []string{fmt.Sprintf("unexpected guest result line (guest ran as %s)", obs.Result.Mode)}
	case s.Checks.Result == "":
		return nil
	case obs.Result == nil:
		return []string{"no guest result line (" + strings.TrimSpace(guestproto.ResultPrefix) + ")"}
	case obs.Result.Mode != s.Checks.Result:
		return []string{fmt.Sprintf("guest ran as %s, want %s", obs.Result.Mode, s.Checks.Result)}
	case !obs.Result.Pass:
		failed := obs.Result.FailedChecks()
		if len(failed) == 0 {
			failed = []string{"no checks ran"}
		}
		return []string{"guest checks failed: " + strings.Join(failed, "; ")}
	}
	return nil
}

func timelineProblems(s Scenario, obs observation) []string {
	switch {
	case len(s.Checks.Steps) == 0:
		return nil
	case obs.TimelineErr != nil:
		return []string{obs.TimelineErr.Error()}
	case obs.Timeline == nil:
		return []string{"no airroot timeline line"}
	}
	if missing := obs.Timeline.Missing(s.Checks.Steps); len(missing) > 0 {
		return []string{fmt.Sprintf("airroot timeline lacks steps %q", missing)}
	}
	if untimed := obs.Timeline.Untimed(s.Checks.Timed); len(untimed) > 0 {
		return []string{fmt.Sprintf("airroot timeline steps %q took no time", untimed)}
	}
	return nil
}
