package mdev

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// What the daemon can be busy with, as Settle reports it.
const (
	busyEvent    = "events"
	busyColdplug = "coldplug answers"
	busyModule   = "module loads"
	busyFirmware = "firmware loads"
	busyUevents  = "uevents due"
)

// tracker counts the work in progress and when anything last happened, so
// Settle can tell when the devices are in.
type tracker struct {
	now     func() time.Time
	mu      sync.Mutex
	pending map[string]int
	last    time.Time
	changed chan struct{} // closed and replaced on every change
	due     uint64        // the kernel's uevent seqnum the socket must reach (see expect)
	seen    uint64        // the highest SEQNUM read from the socket
}

func newTracker(now func() time.Time) *tracker {
	return &tracker{now: now, pending: make(map[string]int), last: now(), changed: make(chan struct{})}
}

// add counts n more (or, negative, fewer) pieces of work of a kind.
func (t *tracker) add(kind string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending[kind] += n
	if t.pending[kind] <= 0 {
		delete(t.pending, kind)
	}
	t.changedLocked()
}

// changedLocked records a change now and wakes settle; the caller holds mu.
func (t *tracker) changedLocked() {
	t.last = t.now()
	close(t.changed)
	t.changed = make(chan struct{})
}

// expect says that every uevent the kernel sent up to seqnum (read from
// /sys/kernel/uevent_seqnum) must be read from the socket before the
// devices have settled.
func (t *tracker) expect(seqnum uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.due = max(t.due, seqnum)
	t.dueLocked()
}

// saw records the SEQNUM of an event read from the socket.
func (t *tracker) saw(seqnum uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.seen = max(t.seen, seqnum)
	t.dueLocked()
}

// dueLocked counts the uevents still due as one piece of work; the caller
// holds mu.
func (t *tracker) dueLocked() {
	if t.seen < t.due {
		t.pending[busyUevents] = 1
	} else {
		delete(t.pending, busyUevents)
	}
	t.changedLocked()
}

// clear forgets the work of a kind still counted.
func (t *tracker) clear(kind string) {
	t.mu.Lock()
	n := t.pending[kind]
	t.mu.Unlock()
	t.add(kind, -n)
}

// touch records that something happened now.
func (t *tracker) touch() { t.add("", 0) }

// answerPatience is how long settle waits for coldplug answers with nothing
// else happening: the kernel may drop an event for a device without saying
// so (a suppressed uevent), and a missing answer must not hold the boot.
const answerPatience = time.Second

// ueventPatience is how long settle waits, with nothing else happening, for
// the uevents due: the events of a device that lives in another network
// namespace never reach this socket, yet they count in the kernel's seqnum.
const ueventPatience = 250 * time.Millisecond

// patience is how long settle waits for each kind of work only the kernel
// can end, before going on without it.
var patience = map[string]time.Duration{busyColdplug: answerPatience, busyUevents: ueventPatience}

// settle returns when nothing is pending and nothing happened for quiet; it
// stops waiting for what only the kernel can end (coldplug answers, uevents
// due) once nothing happened for its patience, and reports how much of each
// kind it gave up on.
func (t *tracker) settle(ctx context.Context, quiet time.Duration) (abandoned map[string]int, err error) {
	abandoned = make(map[string]int)
	for {
		t.mu.Lock()
		busy, wait := t.stateLocked(quiet, t.now().Sub(t.last), abandoned)
		changed := t.changed
		summary := t.summary()
		t.mu.Unlock()
		if !busy && wait <= 0 {
			return abandoned, nil
		}
		var timeout <-chan time.Time
		if !busy {
			timeout = time.After(wait)
		}
		select {
		case <-ctx.Done():
			return abandoned, fmt.Errorf("mdev: devices not settled, %s: %w", summary, ctx.Err())
		case <-changed:
		case <-timeout:
		}
	}
}

// stateLocked says whether work is in hand (busy), else how long settle
// must still wait (done when not positive), since being the time since the
// last change. It gives up on the kernel's work whose patience ran out,
// counting it in abandoned. The caller holds mu.
func (t *tracker) stateLocked(quiet, since time.Duration, abandoned map[string]int) (busy bool, wait time.Duration) {
	for kind := range t.pending {
		if _, awaited := patience[kind]; !awaited {
			return true, 0
		}
	}
	wait = quiet - since
	awaiting := false
	for kind, n := range t.pending {
		left := patience[kind] - since
		if left <= 0 {
			delete(t.pending, kind)
			abandoned[kind] += n
			if kind == busyUevents {
				t.seen = t.due
			}
			continue
		}
		if !awaiting || left < wait {
			wait, awaiting = left, true
		}
	}
	return false, wait
}

// summary says what is pending; the caller holds mu.
func (t *tracker) summary() string {
	if len(t.pending) == 0 {
		return "events still arriving"
	}
	var parts []string
	for kind, n := range t.pending {
		parts = append(parts, fmt.Sprintf("%d %s", n, kind))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ") + " pending"
}
