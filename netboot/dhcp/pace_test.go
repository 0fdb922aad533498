package dhcp

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

// TestRenewalPace: RFC 2131 section 4.4.5's wait after an unanswered
// renewal or rebinding, with so much left until the context's deadline and
// the client's backoff for the attempt at so much.
func TestRenewalPace(t *testing.T) {
	tests := []struct {
		name                string
		left, backoff, want time.Duration
	}{
		{name: "9 h from T1 to T2: half", left: 9 * time.Hour, backoff: 4 * time.Second, want: 4*time.Hour + 30*time.Minute},
		{name: "120 s: half", left: 120 * time.Second, backoff: 4 * time.Second, want: time.Minute},
		{name: "30 s: half", left: 30 * time.Second, backoff: 4 * time.Second, want: 15 * time.Second},
		{name: "100 s: the backoff, longer than half", left: 100 * time.Second, backoff: 64 * time.Second, want: 64 * time.Second},
		{name: "30 s: until the deadline, shorter than the backoff", left: 30 * time.Second, backoff: 64 * time.Second, want: 30 * time.Second},
		{name: "at the deadline: none", left: 0, backoff: 4 * time.Second, want: 0},
		{name: "past the deadline: none", left: -time.Second, backoff: 4 * time.Second, want: 0},
	}
	deadline := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	pace := renewalPace(ctx)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pace(deadline.Add(-tt.left), tt.backoff); got != tt.want {
				t.Errorf("wait with %v left and a backoff of %v = %v, want %v", tt.left, tt.backoff, got, tt.want)
			}
		})
	}
	if renewalPace(context.Background()) != nil {
		t.Errorf("renewalPace without a deadline is not nil: want the client's backoff")
	}
}

// TestRenewalPacing: against a silent server, Renew and Rebind send their
// REQUEST again after half the time left until the context's deadline, at
// least the backoff (testBackoff: 4, 8, 16, 32, 64 s), and not past it; none
// is sent at the deadline, and each retransmission is logged with the wait
// that preceded it.
func TestRenewalPacing(t *testing.T) {
	tests := []struct {
		name     string
		rebind   bool
		deadline time.Duration // from the first REQUEST
		wantSent []time.Duration
	}{
		{name: "Renew, 10 min to T2", deadline: 10 * time.Minute,
			wantSent: atSeconds(0, 300, 450, 525, 562.5)},
		{name: "Rebind, 7.5 min to the lease's end", rebind: true, deadline: 7*time.Minute + 30*time.Second,
			wantSent: atSeconds(0, 225, 337.5, 393.75, 425.75)},
		{name: "Renew, 9 h to T2: 10 REQUESTs, not some 500", deadline: 9 * time.Hour,
			wantSent: atSeconds(0, 16200, 24300, 28350, 30375, 31387.5, 31893.75, 32146.875, 32273.4375, 32337.4375)},
		{name: "Renew, 15 s to T2 (a 40 s lease): a lost REQUEST is sent again", deadline: 15 * time.Second,
			wantSent: atSeconds(0, 7.5)},
		{name: "Rebind, 6 s to the lease's end: the backoff, then until the end", rebind: true, deadline: 6 * time.Second,
			wantSent: atSeconds(0, 4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.srv.ignore[dhcpv4.MessageTypeRequest] = -1
			// The context's deadline is on the real clock: the fake one
			// starts at the real time, so that the context never ends of
			// itself while the test runs, and the client sees its deadline
			// come on its own clock.
			h.clock.now = time.Now()
			start := h.clock.Now()
			ctx, cancel := context.WithDeadline(context.Background(), start.Add(tt.deadline))
			defer cancel()
			var sent []time.Duration
			h.net.onSend = func(int, datagram) {
				sent = append(sent, h.clock.Now().Sub(start))
				h.clock.Advance(h.clock.lastWait())
			}
			extend := h.client.Renew
			if tt.rebind {
				extend = h.client.Rebind
			}
			_, err := extend(ctx, h.wantLease())

			if diff := cmp.Diff(tt.wantSent, sent); diff != "" {
				t.Errorf("REQUESTs sent at (-want +got):\n%s", diff)
			}
			var noReply *NoReplyError
			if !errors.As(err, &noReply) || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("error = %v, want a *NoReplyError for the deadline", err)
			}
			if noReply.Attempts != len(tt.wantSent) || noReply.Elapsed != tt.deadline {
				t.Errorf("error = %q, want %d attempts in %v", err, len(tt.wantSent), tt.deadline)
			}
			if diff := cmp.Diff(retransmissionLogs(tt.wantSent), h.logLines()); diff != "" {
				t.Errorf("log (-want +got):\n%s", diff)
			}
		})
	}
}

// atSeconds turns seconds into durations.
func atSeconds(s ...float64) []time.Duration {
	d := make([]time.Duration, len(s))
	for i, v := range s {
		d[i] = time.Duration(v * float64(time.Second))
	}
	return d
}

// retransmissionLogs are the lines the client logs as it sends REQUESTs at
// sent: one for each REQUEST after the first, with the wait before it.
func retransmissionLogs(sent []time.Duration) []string {
	var lines []string
	for i := 1; i < len(sent); i++ {
		wait := (sent[i] - sent[i-1]).Round(time.Millisecond)
		lines = append(lines, fmt.Sprintf("dhcp: eth0: no ACK after %s, sending REQUEST again (attempt %d)", wait, i+1))
	}
	return lines
}
