package dhcp

import (
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

// FuzzLeaseFromACK feeds leaseFromACK whatever dhcpv4.FromBytes accepts and
// checks the invariants the rest of the boot relies on: a usable address and
// prefix, ordered times, no unusable addresses, NUL-free strings, a
// resolv.conf of well-formed lines, and the same lease after re-encoding.
func FuzzLeaseFromACK(f *testing.F) {
	for _, m := range fuzzSeeds() {
		f.Add(m.ToBytes())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		msg, err := dhcpv4.FromBytes(b)
		if err != nil {
			return
		}
		l, err := leaseFromACK(msg)
		if err != nil {
			return
		}
		checkLeaseInvariants(t, l)
		checkResolvConf(t, l)

		again, err := dhcpv4.FromBytes(msg.ToBytes())
		if err != nil {
			t.Fatalf("re-encoded ACK does not parse: %v", err)
		}
		l2, err := leaseFromACK(again)
		if err != nil {
			t.Fatalf("re-encoded ACK gives no lease: %v", err)
		}
		if diff := cmp.Diff(l, l2, leaseCmp); diff != "" {
			t.Errorf("lease after re-encoding (-first +second):\n%s", diff)
		}
	})
}

func checkLeaseInvariants(t *testing.T, l Lease) {
	t.Helper()
	a := l.Address.Addr()
	if !usable(a.AsSlice()).IsValid() || l.Address.Bits() < 1 || l.Address.Bits() > 32 {
		t.Errorf("unusable address %s", l.Address)
	}
	if !(l.Duration >= MinLeaseTime && l.T1 > 0 && l.T1 <= l.T2 && l.T2 <= l.Duration) {
		t.Errorf("times out of order: T1 %s T2 %s lease %s", l.T1, l.T2, l.Duration)
	}
	if l.MTU != 0 && (l.MTU < MinMTU || l.MTU > 0xffff) {
		t.Errorf("MTU %d", l.MTU)
	}
	for _, r := range l.Routes {
		if !r.Dest.Addr().Is4() || r.Dest != r.Dest.Masked() || (r.Via.IsValid() && !usable(r.Via.AsSlice()).IsValid()) {
			t.Errorf("route %s", r)
		}
	}
	for _, x := range append([]netip.Addr{l.Router, l.ServerID, l.NextServer}, l.DNS...) {
		if x.IsValid() && !usable(x.AsSlice()).IsValid() {
			t.Errorf("unusable address %s in lease", x)
		}
	}
	for _, s := range []string{l.Domain, l.Hostname, l.RootPath} {
		if strings.HasSuffix(s, "\x00") {
			t.Errorf("string %q keeps its NUL padding", s)
		}
	}
}

func checkResolvConf(t *testing.T, l Lease) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(ResolvConf(l)), "\n"), "\n")
	if !strings.HasPrefix(lines[0], "# ") {
		t.Errorf("resolv.conf starts with %q, want a comment", lines[0])
	}
	for _, line := range lines[1:] {
		fields := strings.Fields(line)
		switch {
		case len(fields) == 2 && fields[0] == "nameserver" && fields[0]+" "+fields[1] == line:
		case len(fields) >= 2 && len(fields) <= 1+maxSearch && fields[0] == "search" && strings.Join(fields, " ") == line:
		default:
			t.Errorf("resolv.conf line %q is not a search or nameserver line", line)
		}
	}
	if want := 1 + len(l.DNS) + boolInt(len(searchList(l)) > 0); len(lines) != want {
		t.Errorf("resolv.conf has %d lines, want %d", len(lines), want)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fuzzSeeds are typical and borderline ACKs.
func fuzzSeeds() []*dhcpv4.DHCPv4 {
	srv := newFakeServer()
	full := srv.answer(&dhcpv4.DHCPv4{HWType: 1, ClientHWAddr: clientMAC, ClientIPAddr: net.IPv4zero},
		dhcpv4.MessageTypeAck, poolAddr, append(srv.options, dhcpv4.OptHostName("pi\x00")))
	return []*dhcpv4.DHCPv4{
		full,
		testACK("10.0.0.7"),
		testACK("192.168.1.50", secondsOpt(dhcpv4.OptionIPAddressLeaseTime, 0xffffffff)),
		testACK("192.168.1.50", secondsOpt(dhcpv4.OptionIPAddressLeaseTime, 100),
			secondsOpt(dhcpv4.OptionRenewTimeValue, 90), secondsOpt(dhcpv4.OptionRebindingTimeValue, 80)),
		testACK("192.168.1.50", raw(dhcpv4.OptionSubnetMask, 255, 0, 255, 0)),
		testACK("192.168.1.50", dhcpv4.OptDomainName("x\nnameserver 6.6.6.6"), raw(dhcpv4.OptionDomainNameServer, 0, 0, 0, 0, 8, 8, 8)),
		testACK("192.168.1.50", raw(dhcpv4.OptionDNSDomainSearchList, 3, 'e', 'n', 'g', 5, 'a', 'p', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
			9, 'm', 'a', 'r', 'k', 'e', 't', 'i', 'n', 'g', 0xc0, 4), raw(dhcpv4.OptionInterfaceMTU, 5, 0x78)),
		testACK("192.168.1.50", dhcpv4.OptRouter(net.IPv4(192, 168, 1, 1)),
			raw(dhcpv4.OptionClasslessStaticRoute, 0, 192, 168, 1, 254, 24, 192, 168, 50, 192, 168, 1, 2)),
	}
}
