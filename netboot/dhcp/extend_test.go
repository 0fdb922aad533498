package dhcp

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

func TestRenew(t *testing.T) {
	h := newHarness(t)
	old := h.wantLease()
	h.clock.Advance(30 * time.Minute)

	got, err := h.client.Renew(testContext(t), old)
	if err != nil {
		t.Fatalf("Renew: %v", err)
	}
	want := h.wantLease()
	if diff := cmp.Diff(want, got, leaseCmp); diff != "" {
		t.Errorf("lease (-want +got):\n%s", diff)
	}
	sent := h.net.datagrams()
	if len(sent) != 1 {
		t.Fatalf("client sent %d datagrams, want one REQUEST: %v", len(sent), sent)
	}
	checkAddressing(t, sent[0], "192.0.2.50:68", "192.0.2.1:67")
	checkMessage(t, sent[0].msg, dhcpv4.MessageTypeRequest, "192.0.2.50", "", "")
}

func TestRenewKeepsWhatTheACKOmits(t *testing.T) {
	h := newHarness(t)
	h.srv.bareRenewal = true
	old := h.wantLease()
	got, err := h.client.Renew(testContext(t), old)
	if err != nil {
		t.Fatalf("Renew: %v", err)
	}
	if diff := cmp.Diff(old, got, leaseCmp); diff != "" {
		t.Errorf("lease (-want +got):\n%s", diff)
	}
}

func TestRenewNAK(t *testing.T) {
	h := newHarness(t)
	h.srv.refuse = 1
	_, err := h.client.Renew(testContext(t), h.wantLease())
	var nak *NAKError
	if !errors.As(err, &nak) || !errors.Is(err, ErrNAK) {
		t.Fatalf("Renew error = %v, want a *NAKError", err)
	}
	want := &NAKError{Interface: "eth0", Server: serverAddr, Address: poolAddr, Message: "address not available"}
	if diff := cmp.Diff(want, nak, leaseCmp); diff != "" {
		t.Errorf("NAK (-want +got):\n%s", diff)
	}
}

// TestRenewNoReply: given no deadline, Renew retransmits with the client's
// backoff (4 s, then 8 s) until its context ends (TestRenewalPacing: with one).
func TestRenewNoReply(t *testing.T) {
	h := newHarness(t)
	h.srv.ignore[dhcpv4.MessageTypeRequest] = -1
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.net.onSend = func(n int, _ datagram) {
		if n == 3 {
			cancel()
			return
		}
		h.clock.Advance(h.clock.lastWait())
	}
	_, err := h.client.Renew(ctx, h.wantLease())
	const want = "no DHCP ACK on eth0 renewing 192.0.2.50 with 192.0.2.1 after 3 attempts (12s)"
	if err == nil || err.Error() != want {
		t.Fatalf("Renew error = %v, want %q", err, want)
	}
	if !errors.Is(err, ErrNoReply) {
		t.Errorf("Renew error %v is not ErrNoReply", err)
	}
}

func TestRenewNeedsServerID(t *testing.T) {
	h := newHarness(t)
	l := h.wantLease()
	l.ServerID = netip.Addr{}
	_, err := h.client.Renew(testContext(t), l)
	if !errors.Is(err, errNoServerID) {
		t.Fatalf("Renew error = %v, want errNoServerID", err)
	}
	if !strings.Contains(err.Error(), "192.0.2.50 on eth0") {
		t.Errorf("Renew error %q does not name the address and interface", err)
	}
}

func TestRebind(t *testing.T) {
	h := newHarness(t)
	got, err := h.client.Rebind(testContext(t), h.wantLease())
	if err != nil {
		t.Fatalf("Rebind: %v", err)
	}
	if diff := cmp.Diff(h.wantLease(), got, leaseCmp); diff != "" {
		t.Errorf("lease (-want +got):\n%s", diff)
	}
	sent := h.net.datagrams()
	if len(sent) != 1 {
		t.Fatalf("client sent %d datagrams, want one REQUEST: %v", len(sent), sent)
	}
	checkAddressing(t, sent[0], "0.0.0.0:68", "255.255.255.255:67")
	checkMessage(t, sent[0].msg, dhcpv4.MessageTypeRequest, "192.0.2.50", "", "")
}

func TestReacquire(t *testing.T) {
	tests := []struct {
		name   string
		addr   netip.Addr // asked for
		want   netip.Addr // leased
		probed bool       // the leased address probed with ARP
	}{
		{name: "same address again, in use by us all along: no probe", addr: poolAddr, want: poolAddr},
		{name: "address gone: the server's choice, probed", addr: netip.MustParseAddr("192.0.2.77"), want: poolAddr, probed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			got, err := h.client.Reacquire(testContext(t), tt.addr)
			if err != nil {
				t.Fatalf("Reacquire: %v", err)
			}
			if got.Address.Addr() != tt.want {
				t.Errorf("leased %s, want %s", got.Address, tt.want)
			}
			sent := h.net.datagrams()
			if len(sent) != 2 {
				t.Fatalf("client sent %d datagrams, want DISCOVER and REQUEST: %v", len(sent), sent)
			}
			checkAddressing(t, sent[0], "0.0.0.0:68", "255.255.255.255:67")
			checkMessage(t, sent[0].msg, dhcpv4.MessageTypeDiscover, "0.0.0.0", tt.addr.String(), "")
			checkMessage(t, sent[1].msg, dhcpv4.MessageTypeRequest, "0.0.0.0", tt.want.String(), serverAddr.String())
			if probed := slices.Contains(h.net.probed, tt.want); probed != tt.probed {
				t.Errorf("%s probed: %v, want %v (probes: %v)", tt.want, probed, tt.probed, h.net.probed)
			}
		})
	}
}

// TestReclaim: asked for its address alone, the client takes it back, and
// REQUESTs nothing when the server offers another: it says which.
func TestReclaim(t *testing.T) {
	gone := netip.MustParseAddr("192.0.2.77")
	tests := []struct {
		name     string
		addr     netip.Addr // asked for
		wantSent int        // DISCOVER, and REQUEST when taken
		wantErr  *MovedError
	}{
		{name: "same address again", addr: poolAddr, wantSent: 2},
		{name: "server offers another: not requested", addr: gone, wantSent: 1,
			wantErr: &MovedError{Interface: "eth0", HardwareAddr: clientMAC, Wanted: gone, Offered: poolAddr, Server: serverAddr}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			got, err := h.client.Reclaim(testContext(t), tt.addr)
			var moved *MovedError
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("Reclaim: %v", err)
			case tt.wantErr == nil && got.Address.Addr() != tt.addr:
				t.Errorf("leased %s, want %s", got.Address, tt.addr)
			case tt.wantErr != nil && !errors.As(err, &moved):
				t.Fatalf("Reclaim = %v, %v; want a *MovedError", got, err)
			case tt.wantErr != nil:
				if diff := cmp.Diff(tt.wantErr, moved, cmpopts.EquateComparable(netip.Addr{})); diff != "" {
					t.Errorf("MovedError (-want +got):\n%s", diff)
				}
				if !errors.Is(err, ErrMoved) {
					t.Errorf("errors.Is(%v, ErrMoved) = false", err)
				}
			}
			sent := h.net.datagrams()
			if len(sent) != tt.wantSent {
				t.Fatalf("client sent %d datagrams, want %d: %v", len(sent), tt.wantSent, sent)
			}
			checkMessage(t, sent[0].msg, dhcpv4.MessageTypeDiscover, "0.0.0.0", tt.addr.String(), "")
			if len(h.net.probed) != 0 {
				t.Errorf("probed %v, want no probe", h.net.probed)
			}
		})
	}
}

func TestRelease(t *testing.T) {
	h := newHarness(t)
	if err := h.client.Release(h.wantLease()); err != nil {
		t.Fatalf("Release: %v", err)
	}
	sent := h.net.datagrams()
	if len(sent) != 1 {
		t.Fatalf("client sent %d datagrams, want one RELEASE: %v", len(sent), sent)
	}
	checkAddressing(t, sent[0], "192.0.2.50:68", "192.0.2.1:67")
	checkMessage(t, sent[0].msg, dhcpv4.MessageTypeRelease, "192.0.2.50", "", "192.0.2.1")
}

func TestNewUnknownInterface(t *testing.T) {
	_, err := New("nosuchif0")
	if err == nil || !strings.Contains(err.Error(), "start DHCP client on nosuchif0") {
		t.Fatalf("New error = %v, want one naming the interface", err)
	}
}

// TestWantedOfferPreferred: two servers on the link (a router's and a
// Pi-hole's), and the one that does not know the board answers first; the
// client that wants its address back takes the other's offer of it (RFC
// 2131 4.4.1 lets it choose) rather than moving or giving up.
func TestWantedOfferPreferred(t *testing.T) {
	for _, reclaim := range []bool{true, false} {
		t.Run(map[bool]string{true: "Reclaim", false: "Reacquire"}[reclaim], func(t *testing.T) {
			h := newHarness(t)
			h.clock.autoAdvance = nil // the second offer is in before the wait would end
			other := netip.MustParseAddr("192.0.2.77")
			serveA := h.srv.reply
			h.net.serve = func(req *dhcpv4.DHCPv4) *dhcpv4.DHCPv4 {
				if req.MessageType() == dhcpv4.MessageTypeDiscover { // B answers first
					b, err := dhcpv4.New(dhcpv4.WithReply(req), dhcpv4.WithYourIP(ip(other)),
						dhcpv4.WithMessageType(dhcpv4.MessageTypeOffer),
						dhcpv4.WithOption(dhcpv4.OptServerIdentifier(net.IPv4(192, 0, 2, 2))),
						dhcpv4.WithOption(dhcpv4.OptIPAddressLeaseTime(time.Hour)))
					if err != nil {
						t.Fatal(err)
					}
					h.net.deliver(b, netip.AddrPortFrom(netip.MustParseAddr("192.0.2.2"), serverPort))
				}
				return serveA(req)
			}
			take := h.client.Reacquire
			if reclaim {
				take = h.client.Reclaim
			}
			got, err := take(testContext(t), poolAddr)
			if err != nil || got.Address.Addr() != poolAddr || got.ServerID != serverAddr {
				t.Fatalf("= %+v, %v; want %v from %v", got, err, poolAddr, serverAddr)
			}
			if line := "dhcp: eth0: 192.0.2.1 offers 192.0.2.50 again: taken over 192.0.2.2's offer of 192.0.2.77"; !h.logged(line) {
				t.Errorf("no log line %q", line)
			}
		})
	}
}

// TestConfirm: after the link came back, INIT-REBOOT's REQUEST is broadcast
// with the address as option 50, ciaddr zero and no server identifier; the
// ACK is the lease, a NAK a *NAKError, silence a *NoReplyError after the
// 4.1 backoff's retransmissions.
func TestConfirm(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(*harness)
		wantErr error
		msg     string // the error's text, when it matters
		sends   int
	}{
		{name: "acknowledged", setup: func(*harness) {}, sends: 1},
		{name: "refused", setup: func(h *harness) { h.srv.refuse = 1 }, wantErr: ErrNAK, sends: 1},
		{name: "no answer", setup: func(h *harness) { h.srv.ignore[dhcpv4.MessageTypeRequest] = -1 }, wantErr: ErrNoReply, sends: 3,
			msg: "no DHCP ACK on eth0 confirming 192.0.2.50 after 3 attempts (12s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			tt.setup(h)
			ctx, cancel := context.WithCancel(testContext(t))
			defer cancel()
			if tt.wantErr == ErrNoReply {
				h.net.onSend = func(n int, _ datagram) {
					if n == tt.sends {
						cancel()
						return
					}
					h.clock.Advance(h.clock.lastWait())
				}
			}
			got, err := h.client.Confirm(ctx, h.wantLease())
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Confirm error = %v, want %v", err, tt.wantErr)
				}
				if tt.msg != "" && err.Error() != tt.msg {
					t.Errorf("Confirm error = %q, want %q", err, tt.msg)
				}
			} else if err != nil {
				t.Fatalf("Confirm: %v", err)
			} else if diff := cmp.Diff(h.wantLease(), got, leaseCmp); diff != "" {
				t.Errorf("lease (-want +got):\n%s", diff)
			}
			sent := h.net.datagrams()
			if len(sent) != tt.sends {
				t.Fatalf("client sent %d datagrams, want %d REQUESTs: %v", len(sent), tt.sends, sent)
			}
			for _, d := range sent {
				checkAddressing(t, d, "0.0.0.0:68", "255.255.255.255:67")
				checkMessage(t, d.msg, dhcpv4.MessageTypeRequest, "0.0.0.0", poolAddr.String(), "")
			}
		})
	}
}
