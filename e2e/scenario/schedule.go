package scenario

import (
	"cmp"
	"slices"
	"sync"
)

// Schedule decides when each scenario of a run starts, so that the run ends
// soon on a machine of few CPUs: an emulator booting or soaking keeps a host
// CPU busy, so at most slots scenarios hold one at a time. Scenarios start in
// RunOrder, each when the one before it has started and a slot is free; one
// that RunsAlone starts when nothing else runs and nothing starts beside it.
// A scenario whose soak is light (QuietOnceSoaking) gives its slot back when
// its soak begins: the ten-minute soak writes a file a second and otherwise
// waits, and would keep a CPU idle for that long if it held one.
type Schedule struct {
	mu      sync.Mutex
	changed *sync.Cond
	order   []string
	next    int // order[next] starts next
	free    int // slots free
	running int // scenarios started and not done
	alone   bool
}

// NewSchedule schedules ss on slots CPUs. Each of ss must Start once: one
// the run leaves out (a -run pattern, a board not selected) starts and is
// Done at once, or those after it never start.
func NewSchedule(ss []Scenario, slots int) *Schedule {
	s := &Schedule{order: RunOrder(ss), free: max(slots, 1)}
	s.changed = sync.NewCond(&s.mu)
	return s
}

// RunOrder is the order in which ss start: those that RunsAlone first (while
// the others wait anyway), then the longest first, so that no long one starts
// last and runs on alone at the end; ties keep ss's order. How long a
// scenario runs is guessed from its Timeout, which the soaks set longer.
func RunOrder(ss []Scenario) []string {
	sorted := slices.Clone(ss)
	slices.SortStableFunc(sorted, func(a, b Scenario) int {
		if a.RunsAlone() != b.RunsAlone() {
			if a.RunsAlone() {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.Timeout, a.Timeout)
	})
	names := make([]string, len(sorted))
	for i, s := range sorted {
		names[i] = s.Name
	}
	return names
}

// Turn is a started scenario's hold on the schedule.
type Turn struct {
	s         *Schedule
	alone     bool
	slot      bool
	doneOnce  sync.Once
	quietOnce sync.Once
}

// Start waits until sc's turn has come and returns its hold, which the
// caller must end with Done. sc must be one of the schedule's.
func (s *Schedule) Start(sc Scenario) *Turn {
	s.mu.Lock()
	defer s.mu.Unlock()
	alone := sc.RunsAlone()
	for !s.mayStart(sc.Name, alone) {
		s.changed.Wait()
	}
	s.next++
	s.free--
	s.running++
	s.alone = alone
	s.changed.Broadcast() // the next in order may start too
	return &Turn{s: s, alone: alone, slot: true}
}

// mayStart reports whether name may start now; s.mu is held.
func (s *Schedule) mayStart(name string, alone bool) bool {
	switch {
	case s.free == 0 || s.alone || s.next >= len(s.order) || s.order[s.next] != name:
		return false
	case alone:
		return s.running == 0
	}
	return true
}

// Quiet gives t's slot back while its scenario goes on: it has reached a
// part that keeps no CPU busy. Only the first call counts.
func (t *Turn) Quiet() {
	t.quietOnce.Do(func() {
		t.s.mu.Lock()
		defer t.s.mu.Unlock()
		t.giveSlotBack()
		t.s.changed.Broadcast()
	})
}

// Done ends t: its scenario has finished. Only the first call counts.
func (t *Turn) Done() {
	t.doneOnce.Do(func() {
		t.s.mu.Lock()
		defer t.s.mu.Unlock()
		t.giveSlotBack()
		t.s.running--
		if t.alone {
			t.s.alone = false
		}
		t.s.changed.Broadcast()
	})
}

// giveSlotBack frees t's slot if it still holds one; t.s.mu is held.
func (t *Turn) giveSlotBack() {
	if t.slot {
		t.slot = false
		t.s.free++
	}
}
