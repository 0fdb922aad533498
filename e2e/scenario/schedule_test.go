package scenario

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// Scenarios of each kind the schedule tells apart.
var (
	shortBoot = Scenario{Name: "short", Timeout: 6 * time.Minute}
	soak      = Scenario{Name: "soak", Timeout: 10 * time.Minute,
		Checks: Checks{Keeper: &KeeperSoak{Soak: guestproto.Soak{IOSeconds: 60}}}}
	longSoakPaced = Scenario{Name: "long", Timeout: 20 * time.Minute,
		Checks: Checks{Keeper: &KeeperSoak{Soak: guestproto.Soak{IOSeconds: 600, IOEverySeconds: 1}}}}
	cpuBound = Scenario{Name: "cpu-bound", Timeout: 10 * time.Minute,
		Checks: Checks{Keeper: &KeeperSoak{Soak: guestproto.Soak{IOSeconds: 60}, MaxCPUSeconds: 0.3}}}
	fleet = Scenario{Name: "fleet", Timeout: 6 * time.Minute, Fleet: &Fleet{}}
)

func named(name string, s Scenario) Scenario { s.Name = name; return s }

func TestRunOrder(t *testing.T) {
	tests := []struct {
		name string
		in   []Scenario
		want []string
	}{
		{"alone first, in their order", []Scenario{shortBoot, cpuBound, soak, fleet}, []string{"cpu-bound", "fleet", "soak", "short"}},
		{"longest first", []Scenario{shortBoot, soak, longSoakPaced}, []string{"long", "soak", "short"}},
		{"ties keep the table's order", []Scenario{named("b", shortBoot), named("a", shortBoot), named("c", shortBoot)}, []string{"b", "a", "c"}},
		{"none", nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RunOrder(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("RunOrder = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestScheduleSlots(t *testing.T) {
	a, b, c := named("a", shortBoot), named("b", shortBoot), named("c", shortBoot)
	s := NewSchedule([]Scenario{a, b, c}, 2)
	ta, tb := s.Start(a), s.Start(b)
	if s.mayStart(c.Name, false) {
		t.Fatal("a third scenario may start while two hold both slots")
	}
	ta.Done()
	if !s.mayStart(c.Name, false) {
		t.Fatal("c may not start after a is done")
	}
	s.Start(c).Done()
	tb.Done()
	tb.Done() // a second Done changes nothing
	if s.free != 2 || s.running != 0 {
		t.Errorf("after all are done: %d slots free, %d running; want 2, 0", s.free, s.running)
	}
}

func TestScheduleKeepsOrder(t *testing.T) {
	a, b, c := named("a", shortBoot), named("b", shortBoot), named("c", shortBoot)
	s := NewSchedule([]Scenario{a, b, c}, 3)
	s.Start(a)
	if s.mayStart(c.Name, false) {
		t.Error("c may start before b, which comes first")
	}
	if !s.mayStart(b.Name, false) {
		t.Error("b may not start with two slots free")
	}
}

func TestScheduleAlone(t *testing.T) {
	s := NewSchedule([]Scenario{shortBoot, cpuBound, soak}, 2)
	alone := s.Start(cpuBound)
	if s.mayStart(soak.Name, false) {
		t.Error("soak may start beside a scenario that runs alone")
	}
	alone.Done()
	ts := s.Start(soak)
	ts.Quiet()
	// A scenario that runs alone waits for a quiet one too: it still runs.
	s.order, s.next = []string{"cpu-bound-2"}, 0
	if s.mayStart("cpu-bound-2", true) {
		t.Error("a scenario that runs alone may start while another still runs, quiet")
	}
	ts.Done()
	if !s.mayStart("cpu-bound-2", true) {
		t.Error("a scenario that runs alone may not start with nothing running")
	}
}

func TestScheduleQuiet(t *testing.T) {
	s := NewSchedule([]Scenario{longSoakPaced, shortBoot}, 1)
	long := s.Start(longSoakPaced)
	if s.mayStart(shortBoot.Name, false) {
		t.Fatal("short may start while long holds the only slot")
	}
	long.Quiet()
	long.Quiet() // only the first counts
	if !s.mayStart(shortBoot.Name, false) {
		t.Fatal("short may not start once long is quiet")
	}
	short := s.Start(shortBoot)
	long.Done()
	if s.free != 0 {
		t.Errorf("after long, quiet, is done: %d slots free, want 0 (short holds the only one)", s.free)
	}
	short.Done()
	if s.free != 1 || s.running != 0 {
		t.Errorf("after all are done: %d slots free, %d running; want 1, 0", s.free, s.running)
	}
}

// TestScheduleRunsAll starts every scenario from its own goroutine, in the
// reverse of the schedule's order: all must run, and the schedule's
// accounting must come back to where it began.
func TestScheduleRunsAll(t *testing.T) {
	var ss []Scenario
	for _, name := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		ss = append(ss, named(name, shortBoot))
	}
	ss = append(ss, cpuBound, longSoakPaced, fleet)
	const slots = 2
	s := NewSchedule(ss, slots)
	var (
		mu   sync.Mutex
		ran  []string
		most int
		wg   sync.WaitGroup
	)
	for _, sc := range slices.Backward(ss) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			turn := s.Start(sc)
			defer turn.Done()
			if sc.QuietOnceSoaking() {
				turn.Quiet()
			}
			s.mu.Lock()
			held := s.running
			s.mu.Unlock()
			mu.Lock()
			defer mu.Unlock()
			ran, most = append(ran, sc.Name), max(most, held)
		}()
	}
	wg.Wait()
	slices.Sort(ran)
	want := RunOrder(ss)
	slices.Sort(want)
	if !slices.Equal(ran, want) {
		t.Errorf("ran %q, want %q", ran, want)
	}
	if most > slots+1 { // the quiet one beside two others
		t.Errorf("%d ran at once, want at most %d", most, slots+1)
	}
	if s.free != slots || s.running != 0 || s.alone {
		t.Errorf("after all: %d slots free, %d running, alone %v; want %d, 0, false", s.free, s.running, s.alone, slots)
	}
}
