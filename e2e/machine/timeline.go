package machine

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// TimelinePrefix starts airroot's last console line; JSON follows it.
const TimelinePrefix = "airroot: timeline "

// Step is one step of airroot's boot, in guest seconds since boot (CLOCK_BOOTTIME).
type Step struct {
	Name  string  `json:"name"`
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}

// Timeline is what airroot prints after its timeline prefix.
type Timeline struct {
	Steps []Step `json:"steps"`
}

// ErrNoTimeline reports a line without the timeline prefix.
var ErrNoTimeline = errors.New("no airroot timeline in line")

// ParseTimelineLine finds the timeline prefix anywhere in a console line and decodes the
// JSON object after it, ignoring whatever follows the object (interleaved kernel output).
func ParseTimelineLine(line string) (Timeline, error) {
	i := strings.Index(line, TimelinePrefix)
	if i < 0 {
		return Timeline{}, ErrNoTimeline
	}
	var tl Timeline
	dec := json.NewDecoder(strings.NewReader(line[i+len(TimelinePrefix):]))
	if err := dec.Decode(&tl); err != nil {
		return Timeline{}, fmt.Errorf("parse airroot timeline: %w", err)
	}
	return tl, nil
}

// Missing returns the names in want that no step of tl has, in want's order.
func (tl Timeline) Missing(want []string) []string {
	have := map[string]bool{}
	for _, s := range tl.Steps {
		have[s.Name] = true
	}
	var missing []string
	for _, name := range want {
		if !have[name] {
			missing = append(missing, name)
		}
	}
	return missing
}

// Untimed returns the names in want whose steps in tl took no time (end not
// after start), in want's order; a name without a step is Missing's to report.
func (tl Timeline) Untimed(want []string) []string {
	var untimed []string
	for _, name := range want {
		for _, s := range tl.Steps {
			if s.Name == name && s.End <= s.Start {
				untimed = append(untimed, name)
				break
			}
		}
	}
	return untimed
}
