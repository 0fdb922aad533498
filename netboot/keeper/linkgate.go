package keeper

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// errWiFiDown ends a DHCP attempt whose Wi-Fi link was lost under it.
var errWiFiDown = errors.New("the Wi-Fi link was lost; waiting for the rejoin")

// linkGate tells the boot's DHCP step whether the Wi-Fi link is up. The
// keeper follows the session from the moment the wifi step joins, so a
// link lost while the lease is awaited (an access point that gave up on
// its 4-way handshake with a slow board) is joined again at once; the gate
// holds the DHCP attempts back meanwhile, rather than let them time out
// on a dead link and back off for minutes, and lets the next one start as
// soon as the link is back.
type linkGate struct {
	mu      sync.Mutex
	up      bool
	changed chan struct{} // closed at the next change of up
}

// newLinkGate is a gate for a link that is up.
func newLinkGate() *linkGate { return &linkGate{up: true, changed: make(chan struct{})} }

// set records whether the link is up.
func (g *linkGate) set(up bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.up == up {
		return
	}
	g.up = up
	close(g.changed)
	g.changed = make(chan struct{})
}

func (g *linkGate) state() (bool, <-chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.up, g.changed
}

// run runs fn once the link is up, with a context that ends if the link
// is lost meanwhile: fn then fails with errWiFiDown.
func (g *linkGate) run(ctx context.Context, fn func(context.Context) error) error {
	up, changed := g.state()
	for !up {
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
		up, changed = g.state()
	}
	attempt, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		select {
		case <-changed: // the link went down
			cancel(errWiFiDown)
		case <-attempt.Done():
		}
	}()
	err := fn(attempt)
	if err != nil && errors.Is(context.Cause(attempt), errWiFiDown) {
		return fmt.Errorf("%w (%w)", errWiFiDown, err)
	}
	return err
}

// gated is fn run through g, or fn itself when there is no gate (a wired root).
func gated(g *linkGate, fn func(context.Context) error) func(context.Context) error {
	if g == nil {
		return fn
	}
	return func(ctx context.Context) error { return g.run(ctx, fn) }
}
