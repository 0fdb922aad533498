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
)

// tracker counts the work in progress and when anything last happened, so
// Settle can tell when the devices are in.
type tracker struct {
	now     func() time.Time
	mu      sync.Mutex
	pending map[string]int
	last    time.Time
	changed chan struct{} // closed and replaced on every change
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
	t.last = t.now()
	close(t.changed)
	t.changed = make(chan struct{})
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

// settle returns when nothing is pending and nothing happened for quiet; it
// stops waiting for coldplug answers that have not come for answerPatience,
// and reports how many it gave up on.
func (t *tracker) settle(ctx context.Context, quiet time.Duration) (abandoned int, err error) {
	for {
		t.mu.Lock()
		since := t.now().Sub(t.last)
		if n := t.pending[busyColdplug]; n > 0 && len(t.pending) == 1 && since >= answerPatience {
			delete(t.pending, busyColdplug)
			abandoned += n
		}
		busy := len(t.pending) > 0
		wait := quiet - since
		if busy && len(t.pending) == 1 && t.pending[busyColdplug] > 0 {
			wait, busy = answerPatience-since, false // wake up to give up on them
		}
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
