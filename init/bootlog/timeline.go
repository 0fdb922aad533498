package bootlog

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// Step is one timed step of the boot, in seconds since the kernel started.
type Step struct {
	Name  string  `json:"name"`
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	Err   string  `json:"error,omitempty"`
}

// Duration is how long the step took.
func (s Step) Duration() time.Duration {
	return time.Duration((s.End - s.Start) * float64(time.Second))
}

// round keeps milliseconds, which is what the console shows.
func round(d time.Duration) time.Duration { return d.Round(time.Millisecond) }

// Timeline records the boot's steps as they run. Steps may run at once:
// Add and Run may be called from several goroutines.
type Timeline struct {
	Now func() float64 // seconds since the kernel started

	mu    sync.Mutex
	Steps []Step // in the order they ended; read it once the steps are done
}

// Add records a step that has ended.
func (tl *Timeline) Add(st Step) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	tl.Steps = append(tl.Steps, st)
}

// Run times fn as the step name, logs its outcome and records it.
func (tl *Timeline) Run(log *Logger, name string, fn func() error) error {
	start := tl.Now()
	err := fn()
	st := Step{Name: name, Start: start, End: tl.Now()}
	if err != nil {
		st.Err = err.Error()
		log.Errorf("%s: failed after %v: %v", name, round(st.Duration()), err)
	} else {
		log.Infof("%s: ok (%v)", name, round(st.Duration()))
	}
	tl.Add(st)
	return err
}

// Line is the one-line machine-readable summary printed at the end of the
// boot: "timeline " followed by JSON.
func (tl *Timeline) Line() string {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	b, _ := json.Marshal(struct {
		Steps []Step `json:"steps"`
	}{tl.Steps})
	return "timeline " + string(b)
}

// Summary is the same timeline for people: each step's duration.
func (tl *Timeline) Summary() string {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	s := ""
	for i, st := range tl.Steps {
		if i > 0 {
			s += ", "
		}
		if st.Start == st.End { // a mark, not a step: say when
			s += fmt.Sprintf("%s at %.3fs", st.Name, st.End)
			continue
		}
		s += st.Name + " " + round(st.Duration()).String()
	}
	if n := len(tl.Steps); n > 0 {
		s += "; kernel start to here " + round(time.Duration(tl.Steps[n-1].End*float64(time.Second))).String()
	}
	return s
}
