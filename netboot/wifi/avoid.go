package wifi

import (
	"context"
	"errors"
	"net"
	"slices"
	"sync"
	"time"
)

// Avoid lists the access points a join tries last: those that refused our
// authentication or association (a full table, status 17
// AP_UNABLE_TO_HANDLE_NEW_STA), left it unanswered, or whose handshake
// failed (a wrong key on one access point of several), each for a time
// that grows with its failures. wpa_supplicant keeps the same list
// (bssid_ignore.c, with the same times: 10 s after the first and second
// failure, then 60 s, 120 s, 600 s, and 1800 s from the sixth), and, as
// there, the list only orders the candidates: an avoided access point is
// still tried when no other serves the network, so a join never gives up
// on the only one. A connection through an access point takes it off the
// list. The zero Avoid is empty; a nil *Avoid avoids nothing. It is safe
// for concurrent use.
type Avoid struct {
	mu      sync.Mutex
	entries map[string]avoided
}

// avoided is one access point's failures and when it stops being avoided.
type avoided struct {
	count int
	until time.Time
}

// avoidFor is how long an access point stays avoided after its count-th
// failure.
func avoidFor(count int) time.Duration {
	switch {
	case count <= 2:
		return 10 * time.Second
	case count == 3:
		return time.Minute
	case count == 4:
		return 2 * time.Minute
	case count == 5:
		return 10 * time.Minute
	}
	return 30 * time.Minute
}

// add counts a failure with bssid at now; it returns the failures so far
// and how long the access point is avoided.
func (l *Avoid) add(bssid net.HardwareAddr, now time.Time) (int, time.Duration) {
	if l == nil {
		return 0, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.entries == nil {
		l.entries = map[string]avoided{}
	}
	e := l.entries[string(bssid)]
	e.count++
	d := avoidFor(e.count)
	e.until = now.Add(d)
	l.entries[string(bssid)] = e
	return e.count, d
}

// forget takes bssid off the list: a connection through it worked.
func (l *Avoid) forget(bssid net.HardwareAddr) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.entries, string(bssid))
}

// Avoided reports whether bssid is avoided at now.
func (l *Avoid) Avoided(bssid net.HardwareAddr, now time.Time) bool {
	if l == nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.entries[string(bssid)]
	return ok && now.Before(e.until)
}

// order moves the avoided candidates after the others, keeping each
// group's order (best first).
func (l *Avoid) order(cands []candidate, now time.Time) []candidate {
	out := slices.Clone(cands)
	slices.SortStableFunc(out, func(a, b candidate) int {
		return avoidRank(l.Avoided(a.bss.BSSID, now)) - avoidRank(l.Avoided(b.bss.BSSID, now))
	})
	return out
}

func avoidRank(avoided bool) int {
	if avoided {
		return 1
	}
	return 0
}

// worthAvoiding reports whether a connection that failed with err says
// something about the access point: it refused or ignored us, or the
// handshake with it failed. A join cancelled (ctx ended) says nothing.
func worthAvoiding(ctx context.Context, err error) bool {
	return ctx.Err() == nil &&
		(errors.Is(err, ErrAssociation) || errors.Is(err, ErrHandshake) || errors.Is(err, ErrWrongPassphrase))
}

// noteConnection puts a's access point on the avoid list when the
// connection failed with err for a reason of its own, and takes it off
// when it worked.
func (j *joiner) noteConnection(ctx context.Context, a *association, err error) {
	switch {
	case err == nil:
		j.opts.Avoid.forget(a.bss.BSSID)
	case worthAvoiding(ctx, err) && j.opts.Avoid != nil:
		n, d := j.opts.Avoid.add(a.bss.BSSID, j.opts.Now())
		j.logf("trying %s last for %v: failure %d with it", a.bss.BSSID, d, n)
	}
}

// orderAvoiding returns cands with the avoided ones last, naming them.
func (j *joiner) orderAvoiding(cands []candidate) []candidate {
	now := j.opts.Now()
	out := j.opts.Avoid.order(cands, now)
	for _, c := range out {
		if j.opts.Avoid.Avoided(c.bss.BSSID, now) && len(out) > 1 {
			j.logf("trying %s last: it failed us lately", c.bss.BSSID)
		}
	}
	return out
}
