package dhcp

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/airroot/airroot/internal/backoff"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

var leaseCmp = cmp.Options{
	cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}),
	cmpopts.IgnoreFields(Lease{}, "ACK"),
}

// testBackoff is RFC 2131's schedule without jitter, so waits are predictable.
var testBackoff = backoff.Backoff{Initial: 4 * time.Second, Max: 64 * time.Second}

// harness is a client on an in-memory network with a fake server and clock.
type harness struct {
	srv    *fakeServer
	net    *network
	clock  *fakeClock
	client *Client

	mu   sync.Mutex
	logs []string
}

func newHarness(t *testing.T, opts ...Option) *harness {
	t.Helper()
	h := &harness{srv: newFakeServer(), clock: newFakeClock()}
	h.clock.autoAdvance = []time.Duration{preferOfferWait}
	h.net = newNetwork(h.srv.reply)
	logf := func(format string, args ...any) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.logs = append(h.logs, fmt.Sprintf(format, args...))
	}
	base := []Option{h.net.transport(clientMAC), WithClock(h.clock), WithBackoff(testBackoff), WithLogf(logf)}
	c, err := New("eth0", append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.client = c
	t.Cleanup(func() {
		if n := h.net.openSockets(); n != 0 {
			t.Errorf("%d sockets left open after the test", n)
		}
	})
	return h
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func (h *harness) wantLease() *Lease {
	return &Lease{
		Interface:  "eth0",
		Address:    netip.MustParsePrefix("192.0.2.50/24"),
		Router:     netip.MustParseAddr("192.0.2.254"),
		DNS:        []netip.Addr{netip.MustParseAddr("192.0.2.53"), netip.MustParseAddr("198.51.100.53")},
		Domain:     "lan.example",
		ServerID:   serverAddr,
		NextServer: serverAddr,
		RootPath:   "/srv/nfs/pi",
		Duration:   time.Hour,
		T1:         30 * time.Minute,
		T2:         52*time.Minute + 30*time.Second,
		Acquired:   h.clock.Now(),
	}
}

func TestAcquire(t *testing.T) {
	h := newHarness(t, WithHostname("pi-kitchen"))
	got, err := h.client.Acquire(testContext(t))
	if err != nil {
		t.Fatalf("Acquire: %v", err)
	}
	if diff := cmp.Diff(h.wantLease(), got, leaseCmp); diff != "" {
		t.Errorf("lease (-want +got):\n%s", diff)
	}
	if got.ACK == nil || got.ACK.MessageType() != dhcpv4.MessageTypeAck {
		t.Errorf("lease.ACK = %v, want the server's ACK", got.ACK)
	}

	sent := h.net.datagrams()
	if len(sent) != 2 {
		t.Fatalf("client sent %d datagrams, want DISCOVER and REQUEST: %v", len(sent), sent)
	}
	discover, request := sent[0], sent[1]
	for _, d := range sent {
		checkAddressing(t, d, "0.0.0.0:68", "255.255.255.255:67")
		checkCommonOptions(t, d.msg, "pi-kitchen")
	}
	checkMessage(t, discover.msg, dhcpv4.MessageTypeDiscover, "0.0.0.0", "", "")
	checkMessage(t, request.msg, dhcpv4.MessageTypeRequest, "0.0.0.0", "192.0.2.50", "192.0.2.1")
	if discover.msg.TransactionID != request.msg.TransactionID {
		t.Errorf("REQUEST xid %s, want the DISCOVER's %s", request.msg.TransactionID, discover.msg.TransactionID)
	}
}

func TestAcquireRetransmitsWithBackoff(t *testing.T) {
	h := newHarness(t)
	h.srv.ignore[dhcpv4.MessageTypeDiscover] = 2
	h.srv.ignore[dhcpv4.MessageTypeRequest] = 1
	unanswered := map[int]bool{1: true, 2: true, 4: true} // 2 DISCOVERs, then 1 REQUEST
	h.net.onSend = func(n int, _ datagram) {
		if unanswered[n] {
			h.clock.Advance(h.clock.lastWait())
		}
	}
	got, err := h.client.Acquire(testContext(t))
	if err != nil {
		t.Fatalf("Acquire: %v", err)
	}
	var types []string
	var secs []uint16
	for _, d := range h.net.datagrams() {
		types = append(types, d.msg.MessageType().String())
		secs = append(secs, d.msg.NumSeconds)
	}
	if diff := cmp.Diff([]string{"DISCOVER", "DISCOVER", "DISCOVER", "REQUEST", "REQUEST"}, types); diff != "" {
		t.Errorf("sent (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]uint16{0, 4, 12, 0, 4}, secs); diff != "" {
		t.Errorf("secs fields (-want +got):\n%s", diff)
	}
	wantWaits := []time.Duration{4 * time.Second, 8 * time.Second, 16 * time.Second, 4 * time.Second, 8 * time.Second}
	if diff := cmp.Diff(wantWaits, h.clock.allWaits()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	// The lease counts from the first REQUEST, not from the retransmission.
	if want := h.clock.Now().Add(-4 * time.Second); !got.Acquired.Equal(want) {
		t.Errorf("Acquired = %v, want %v (when the first REQUEST went out)", got.Acquired, want)
	}
}

// skipRestartPauses lets Acquire start over at once.
func (h *harness) skipRestartPauses() {
	h.clock.onTimer = func(d time.Duration) {
		if d == restartPause {
			h.clock.Advance(d)
		}
	}
}

func TestAcquireStartsOver(t *testing.T) {
	tests := []struct {
		name    string
		server  func(*fakeServer)
		wantLog string
	}{
		{
			name:    "after a NAK",
			server:  func(s *fakeServer) { s.refuse = 1 },
			wantLog: "dhcp: eth0: DHCP server 192.0.2.1 refused 192.0.2.50 on eth0 (NAK): address not available; starting over in 10s",
		},
		{
			name:    "after an ACK without an address",
			server:  func(s *fakeServer) { s.spoil = 1 },
			wantLog: "dhcp: eth0: DHCP ACK on eth0 for 192.0.2.50: read DHCP lease: no usable address in yiaddr (0.0.0.0); starting over in 10s",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			tt.server(h.srv)
			h.skipRestartPauses()
			got, err := h.client.Acquire(testContext(t))
			if err != nil {
				t.Fatalf("Acquire: %v", err)
			}
			if got.Address.Addr() != poolAddr {
				t.Errorf("leased %s, want %s", got.Address, poolAddr)
			}
			var types []string
			for _, d := range h.net.datagrams() {
				types = append(types, d.msg.MessageType().String())
			}
			if diff := cmp.Diff([]string{"DISCOVER", "REQUEST", "DISCOVER", "REQUEST"}, types); diff != "" {
				t.Errorf("sent (-want +got):\n%s", diff)
			}
			if !h.logged(tt.wantLog) {
				t.Errorf("log %q does not contain %q", h.logs, tt.wantLog)
			}
			if want := []time.Duration{4 * time.Second, 4 * time.Second, restartPause, 4 * time.Second, 4 * time.Second}; !cmp.Equal(want, h.clock.allWaits()) {
				t.Errorf("waits = %v, want %v", h.clock.allWaits(), want)
			}
		})
	}
}

func TestAcquireEndsDuringPause(t *testing.T) {
	h := newHarness(t)
	h.srv.refuse = 1
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	h.clock.onTimer = func(d time.Duration) {
		if d == restartPause {
			cancel()
		}
	}
	_, err := h.client.Acquire(ctx)
	if !errors.Is(err, ErrNAK) {
		t.Errorf("Acquire error = %v, want the NAK that came before the pause", err)
	}
}

func TestAcquireNoOffer(t *testing.T) {
	h := newHarness(t)
	h.srv.ignore[dhcpv4.MessageTypeDiscover] = -1
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	h.net.onSend = func(n int, _ datagram) {
		if n == 5 {
			cancel()
			return
		}
		h.clock.Advance(h.clock.lastWait())
	}

	_, err := h.client.Acquire(ctx)

	const want = "no DHCP offer on eth0 after 5 attempts (1m0s)"
	if err == nil || err.Error() != want {
		t.Fatalf("Acquire error = %v, want %q", err, want)
	}
	if !errors.Is(err, ErrNoReply) || !errors.Is(err, context.Canceled) {
		t.Errorf("Acquire error %v is not ErrNoReply and context.Canceled", err)
	}
	wantWaits := []time.Duration{4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, 64 * time.Second}
	if diff := cmp.Diff(wantWaits, h.clock.allWaits()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestAcquireGivesUpOnUnansweredRequest(t *testing.T) {
	h := newHarness(t)
	h.srv.ignore[dhcpv4.MessageTypeRequest] = -1
	h.skipRestartPauses()
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	h.net.onSend = func(n int, d datagram) {
		switch n {
		case 1 + selectingAttempts: // the last REQUEST: let the next DISCOVER go unanswered
			h.srv.mu.Lock()
			h.srv.ignore[dhcpv4.MessageTypeDiscover] = -1
			h.srv.mu.Unlock()
		case 1 + selectingAttempts + 1: // the second DISCOVER
			cancel()
			return
		}
		if d.msg.MessageType() == dhcpv4.MessageTypeRequest {
			h.clock.Advance(h.clock.lastWait())
		}
	}

	_, err := h.client.Acquire(ctx)

	const want = "no DHCP offer on eth0 after 1 attempt (1m10s): last error: " +
		"no DHCP ACK on eth0 for 192.0.2.50 from 192.0.2.1 after 4 attempts (1m0s)"
	if err == nil || err.Error() != want {
		t.Fatalf("Acquire error = %v\nwant %s", err, want)
	}
}

func (h *harness) logged(line string) bool {
	return slices.Contains(h.logLines(), line)
}

// logLines returns what the client logged so far.
func (h *harness) logLines() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.logs)
}

func checkAddressing(t *testing.T, d datagram, from, to string) {
	t.Helper()
	if d.from.String() != from || d.to.String() != to {
		t.Errorf("%s sent from %s to %s, want from %s to %s", d.msg.MessageType(), d.from, d.to, from, to)
	}
}

// checkMessage checks a client message's type, ciaddr, requested address
// (option 50) and server identifier (option 54); "" means absent.
func checkMessage(t *testing.T, m *dhcpv4.DHCPv4, typ dhcpv4.MessageType, ciaddr, requested, server string) {
	t.Helper()
	got := []string{m.MessageType().String(), m.ClientIPAddr.String(), ipString(m.RequestedIPAddress()), ipString(m.ServerIdentifier())}
	want := []string{typ.String(), ciaddr, requested, server}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("type, ciaddr, option 50, option 54 (-want +got):\n%s", diff)
	}
	if m.OpCode != dhcpv4.OpcodeBootRequest || m.ClientHWAddr.String() != clientMAC.String() {
		t.Errorf("%s: op %s chaddr %s, want BootRequest from %s", typ, m.OpCode, m.ClientHWAddr, clientMAC)
	}
}

func checkCommonOptions(t *testing.T, m *dhcpv4.DHCPv4, hostname string) {
	t.Helper()
	var prl []uint8
	for _, c := range m.ParameterRequestList() {
		prl = append(prl, c.Code())
	}
	if diff := cmp.Diff([]uint8{1, 3, 6, 12, 15, 17, 26, 28, 51, 54, 58, 59, 119, 121}, prl); diff != "" {
		t.Errorf("%s parameter request list (-want +got):\n%s", m.MessageType(), diff)
	}
	if got := m.HostName(); got != hostname {
		t.Errorf("%s host name = %q, want %q", m.MessageType(), got, hostname)
	}
	if size, err := m.MaxMessageSize(); err != nil || size != maxMessageSize {
		t.Errorf("%s max message size = %d, %v; want %d", m.MessageType(), size, err, maxMessageSize)
	}
}

func ipString(b []byte) string {
	if b == nil {
		return ""
	}
	a, ok := netip.AddrFromSlice(b)
	if !ok {
		return fmt.Sprintf("%x", b)
	}
	return a.Unmap().String()
}
