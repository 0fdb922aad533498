package dhcp

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

// TestAcquireProbesDuringRequest checks, by the order of events on the fake
// link, that the offered address is probed while the REQUEST is answered
// (its first probe before the REQUEST, the exchange's socket closed before
// the verdict is used), that a conflict found then still DECLINEs after the
// ACK and starts over, and that an ACK naming another address, or one that
// comes after retransmissions, has the address probed again.
func TestAcquireProbesDuringRequest(t *testing.T) {
	other := netip.MustParseAddr("192.0.2.60")
	granted := []string{"send DISCOVER", "read OFFER", "probe 192.0.2.50", "send REQUEST", "read ACK", "close"}
	tests := []struct {
		name     string
		owned    netip.Addr // another host's address, until our DECLINE of it
		ackOther netip.Addr // the address the server's ACKs name instead
		refuse   int        // REQUESTs the server NAKs
		lateACK  bool       // the first REQUEST goes unanswered, its wait (4 s) passes
		want     []string
		declined []netip.Addr
		leased   netip.Addr
	}{
		{name: "free: one probe, its first packet before the REQUEST", want: granted, leased: poolAddr},
		{
			name: "in use: declined after the ACK, then over", owned: poolAddr,
			want:     append([]string{"send DISCOVER", "read OFFER", "probe 192.0.2.50", "send REQUEST", "read ACK", "close", "send DECLINE", "close"}, granted...),
			declined: []netip.Addr{poolAddr}, leased: poolAddr,
		},
		{
			name: "ACK for another address: that one probed", ackOther: other,
			want:   []string{"send DISCOVER", "read OFFER", "probe 192.0.2.50", "send REQUEST", "read ACK", "close", "probe 192.0.2.60"},
			leased: other,
		},
		{
			name: "ACK for another address in use: it is declined", ackOther: other, owned: other,
			want: []string{
				"send DISCOVER", "read OFFER", "probe 192.0.2.50", "send REQUEST", "read ACK", "close", "probe 192.0.2.60", "send DECLINE", "close",
				"send DISCOVER", "read OFFER", "probe 192.0.2.50", "send REQUEST", "read ACK", "close", "probe 192.0.2.60",
			},
			declined: []netip.Addr{other}, leased: other,
		},
		{
			name: "ACK after a retransmission, past ANNOUNCE_WAIT: probed again", lateACK: true,
			want:   []string{"send DISCOVER", "read OFFER", "probe 192.0.2.50", "send REQUEST", "send REQUEST", "read ACK", "close", "probe 192.0.2.50"},
			leased: poolAddr,
		},
		{
			name: "NAK: the probe is dropped, no DECLINE", refuse: 1,
			want:   append([]string{"send DISCOVER", "read OFFER", "probe 192.0.2.50", "send REQUEST", "read NAK", "close"}, granted...),
			leased: poolAddr,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.srv.ackOther, h.srv.refuse = tt.ackOther, tt.refuse
			declined := h.ownedUntilDeclined(tt.owned)
			if tt.lateACK {
				h.srv.ignore[dhcpv4.MessageTypeRequest] = 1
				onSend := h.net.onSend
				h.net.onSend = func(n int, d datagram) {
					onSend(n, d)
					if n == 2 { // the first REQUEST
						h.clock.Advance(h.clock.lastWait())
					}
				}
			}
			h.skipRestartPauses()
			l, err := h.client.Acquire(testContext(t))
			if err != nil {
				t.Fatalf("Acquire: %v", err)
			}
			if diff := cmp.Diff(tt.want, h.net.eventLog()); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.declined, declined(), cmpopts.EquateComparable(netip.Addr{})); diff != "" {
				t.Errorf("declined (-want +got):\n%s", diff)
			}
			if got := l.Address.Addr(); got != tt.leased {
				t.Errorf("leased %s, want %s", got, tt.leased)
			}
		})
	}
}
