package keeper

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestLinkGate(t *testing.T) {
	errNoOffer := errors.New("no DHCP offer")
	tests := []struct {
		name string
		// during runs inside the attempt, after before has run on the gate.
		before  func(g *linkGate)
		during  func(g *linkGate)
		fnErr   error // what the attempt returns once its context ends (or at once when no during)
		wantErr error
		wantRan bool
	}{
		{name: "link up: the attempt runs", wantRan: true},
		{name: "link up: its error is kept", fnErr: errNoOffer, wantErr: errNoOffer, wantRan: true},
		{name: "link lost during the attempt: it ends at once", during: func(g *linkGate) { g.set(false) },
			fnErr: errNoOffer, wantErr: errWiFiDown, wantRan: true},
		{name: "link down: the attempt waits for the rejoin", before: func(g *linkGate) {
			g.set(false)
			go func() { time.Sleep(20 * time.Millisecond); g.set(true) }()
		}, wantRan: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newLinkGate()
			if tt.before != nil {
				tt.before(g)
			}
			ran := false
			err := g.run(context.Background(), func(ctx context.Context) error {
				ran = true
				if up, _ := g.state(); !up {
					t.Error("the attempt ran while the link was down")
				}
				if tt.during == nil {
					return tt.fnErr
				}
				tt.during(g)
				select {
				case <-ctx.Done():
				case <-time.After(5 * time.Second):
					t.Error("the attempt's context did not end when the link was lost")
				}
				return tt.fnErr
			})
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Errorf("run() = %v, want %v", err, tt.wantErr)
			}
			if ran != tt.wantRan {
				t.Errorf("attempt ran = %v, want %v", ran, tt.wantRan)
			}
		})
	}
}

// A gate whose link never comes back gives up with its context.
func TestLinkGateCancelled(t *testing.T) {
	g := newLinkGate()
	g.set(false)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := g.run(ctx, func(context.Context) error {
		t.Error("the attempt ran while the link was down")
		return nil
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("run() = %v, want %v", err, context.DeadlineExceeded)
	}
}
