package dhcp

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

var otherMAC = net.HardwareAddr{0x02, 0, 0, 0x11, 0x22, 0x33}

// arpPacket is an ARP packet of operation op from sha/spa to tpa.
func arpPacket(op uint16, sha net.HardwareAddr, spa, tpa string) []byte {
	p := arpProbe(sha, netip.MustParseAddr(tpa))
	p[7] = byte(op)
	s := netip.MustParseAddr(spa).As4()
	copy(p[14:18], s[:])
	return p
}

func TestArpConflict(t *testing.T) {
	tests := []struct {
		name string
		pkt  []byte
		want net.HardwareAddr
	}{
		{name: "the owner answers", pkt: arpPacket(2, otherMAC, "192.0.2.50", "0.0.0.0"), want: otherMAC},
		{name: "the owner asks for someone", pkt: arpPacket(1, otherMAC, "192.0.2.50", "192.0.2.1"), want: otherMAC},
		{name: "another host probes for it", pkt: arpPacket(1, otherMAC, "0.0.0.0", "192.0.2.50"), want: otherMAC},
		{name: "our own probe", pkt: arpPacket(1, clientMAC, "0.0.0.0", "192.0.2.50")},
		{name: "another address", pkt: arpPacket(2, otherMAC, "192.0.2.51", "192.0.2.1")},
		{name: "someone asks for it", pkt: arpPacket(1, otherMAC, "192.0.2.9", "192.0.2.50")},
		{name: "truncated", pkt: arpPacket(2, otherMAC, "192.0.2.50", "0.0.0.0")[:27]},
		{name: "not IPv4", pkt: append([]byte{0, 1, 0x86, 0xdd}, arpPacket(2, otherMAC, "192.0.2.50", "0.0.0.0")[4:]...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := arpConflict(tt.pkt, poolAddr, clientMAC)
			if !bytes.Equal(got, tt.want) {
				t.Errorf("arpConflict = %v, want %v", got, tt.want)
			}
		})
	}
}

func FuzzArpConflict(f *testing.F) {
	f.Add(arpPacket(2, otherMAC, "192.0.2.50", "0.0.0.0"))
	f.Add(arpPacket(1, clientMAC, "0.0.0.0", "192.0.2.50"))
	f.Fuzz(func(t *testing.T, p []byte) {
		owner := arpConflict(p, poolAddr, clientMAC)
		if owner != nil && (len(owner) != 6 || bytes.Equal(owner, clientMAC)) {
			t.Errorf("arpConflict(%x) = %v: not another host's hardware address", p, owner)
		}
	})
}

func TestAcquireDeclinesAddressInUse(t *testing.T) {
	h := newHarness(t)
	h.ownedUntilDeclined(poolAddr)
	h.skipRestartPauses()
	got, err := h.client.Acquire(testContext(t))
	if err != nil {
		t.Fatalf("Acquire: %v", err)
	}
	if got.Address.Addr() != poolAddr {
		t.Errorf("leased %s, want %s once free", got.Address, poolAddr)
	}
	sent := h.net.datagrams()
	var types []string
	for _, d := range sent {
		types = append(types, d.msg.MessageType().String())
	}
	if diff := cmp.Diff([]string{"DISCOVER", "REQUEST", "DECLINE", "DISCOVER", "REQUEST"}, types); diff != "" {
		t.Fatalf("sent (-want +got):\n%s", diff)
	}
	decline := sent[2]
	checkAddressing(t, decline, "0.0.0.0:68", "255.255.255.255:67")
	checkMessage(t, decline.msg, dhcpv4.MessageTypeDecline, "0.0.0.0", "192.0.2.50", "192.0.2.1")
	if decline.msg.TransactionID != sent[1].msg.TransactionID {
		t.Errorf("DECLINE xid %s, want the REQUEST's %s", decline.msg.TransactionID, sent[1].msg.TransactionID)
	}
	if decline.msg.Options.Has(dhcpv4.OptionParameterRequestList) || decline.msg.Options.Has(dhcpv4.OptionHostName) {
		t.Errorf("DECLINE carries options RFC 2131 table 5 forbids: %v", decline.msg.Options)
	}
	const wantLog = "dhcp: eth0: 192.0.2.50 from 192.0.2.1 is in use on eth0 by 02:00:00:11:22:33 (it answered ARP): declined; starting over in 10s"
	if !h.logged(wantLog) {
		t.Errorf("log %q does not contain %q", h.logs, wantLog)
	}
	if want := []netip.Addr{poolAddr, poolAddr}; !cmp.Equal(want, h.net.probed, cmp.Comparer(func(a, b netip.Addr) bool { return a == b })) {
		t.Errorf("probed %v, want %v", h.net.probed, want)
	}
}

// ownedUntilDeclined has another host answer ARP for owned, if valid, until
// the client DECLINEs it; the host then goes away. It returns the addresses
// the client DECLINEd so far.
func (h *harness) ownedUntilDeclined(owned netip.Addr) (declined func() []netip.Addr) {
	var mu sync.Mutex
	var seen []netip.Addr
	if owned.IsValid() {
		h.net.owners[owned] = otherMAC
	}
	h.net.onSend = func(_ int, d datagram) {
		if d.msg.MessageType() != dhcpv4.MessageTypeDecline {
			return
		}
		addr := usable(d.msg.RequestedIPAddress().To4())
		mu.Lock()
		seen = append(seen, addr)
		mu.Unlock()
		h.net.mu.Lock()
		delete(h.net.owners, addr)
		h.net.mu.Unlock()
	}
	return func() []netip.Addr {
		mu.Lock()
		defer mu.Unlock()
		return append([]netip.Addr(nil), seen...)
	}
}

func TestAcquireTakesAddressWhenProbeFails(t *testing.T) {
	h := newHarness(t)
	h.client.probe = func(addr netip.Addr) (func(context.Context) (net.HardwareAddr, error), error) {
		return nil, errors.New("probe 192.0.2.50 on eth0: operation not permitted")
	}
	if _, err := h.client.Acquire(testContext(t)); err != nil {
		t.Fatalf("Acquire: %v", err)
	}
	if want := "dhcp: eth0: probe 192.0.2.50 on eth0: operation not permitted; taking 192.0.2.50 unchecked"; !h.logged(want) {
		t.Errorf("log %q does not contain %q", h.logs, want)
	}
}

func TestAcquireRestartPausesDouble(t *testing.T) {
	h := newHarness(t)
	h.srv.refuse = 4
	h.clock.onTimer = func(d time.Duration) {
		if d >= restartPause {
			h.clock.Advance(d)
		}
	}
	if _, err := h.client.Acquire(testContext(t)); err != nil {
		t.Fatalf("Acquire: %v", err)
	}
	var pauses []time.Duration
	for _, d := range h.clock.allWaits() {
		if d >= restartPause {
			pauses = append(pauses, d)
		}
	}
	want := []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, time.Minute}
	if diff := cmp.Diff(want, pauses); diff != "" {
		t.Errorf("pauses between restarts (-want +got):\n%s", diff)
	}
}

func TestClientIDInEveryMessage(t *testing.T) {
	id := []byte{0, 'p', 'i', '-', '7'}
	h := newHarness(t, WithClientID(id))
	l, err := h.client.Acquire(testContext(t))
	if err != nil {
		t.Fatalf("Acquire: %v", err)
	}
	if _, err := h.client.Renew(testContext(t), l); err != nil {
		t.Fatalf("Renew: %v", err)
	}
	if err := h.client.Release(l); err != nil {
		t.Fatalf("Release: %v", err)
	}
	for _, d := range h.net.datagrams() {
		if got := d.msg.Options.Get(dhcpv4.OptionClientIdentifier); !bytes.Equal(got, id) {
			t.Errorf("%s client identifier = %q, want %q", d.msg.MessageType(), got, id)
		}
	}
	h2 := newHarness(t)
	if _, err := h2.client.Acquire(testContext(t)); err != nil {
		t.Fatal(err)
	}
	for _, d := range h2.net.datagrams() {
		if d.msg.Options.Has(dhcpv4.OptionClientIdentifier) {
			t.Errorf("%s carries a client identifier nobody asked for", d.msg.MessageType())
		}
	}
}
