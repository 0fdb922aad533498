package dhcp

import (
	"errors"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

// testACK is an ACK for 192.168.1.50 from 192.168.1.1 with the given options.
func testACK(yiaddr string, options ...dhcpv4.Option) *dhcpv4.DHCPv4 {
	m := &dhcpv4.DHCPv4{
		OpCode:        dhcpv4.OpcodeBootReply,
		ClientHWAddr:  clientMAC,
		ClientIPAddr:  net.IPv4zero,
		YourIPAddr:    net.ParseIP(yiaddr),
		ServerIPAddr:  net.IPv4zero,
		GatewayIPAddr: net.IPv4zero,
		Options:       dhcpv4.Options{},
	}
	m.UpdateOption(dhcpv4.OptMessageType(dhcpv4.MessageTypeAck))
	for _, o := range options {
		m.UpdateOption(o)
	}
	return m
}

func raw(code dhcpv4.OptionCode, b ...byte) dhcpv4.Option {
	return dhcpv4.OptGeneric(code, b)
}

func secondsOpt(code dhcpv4.OptionCode, s uint32) dhcpv4.Option {
	return raw(code, byte(s>>24), byte(s>>16), byte(s>>8), byte(s))
}

func addrs(s ...string) []netip.Addr {
	var out []netip.Addr
	for _, a := range s {
		out = append(out, netip.MustParseAddr(a))
	}
	return out
}

// defaultTimes is what an ACK without times (or with nonsense) grants.
func defaultTimes(l Lease) Lease {
	l.Duration, l.T1, l.T2 = time.Hour, 30*time.Minute, 52*time.Minute+30*time.Second
	return l
}

func TestLeaseFromACK(t *testing.T) {
	base := defaultTimes(Lease{Address: netip.MustParsePrefix("192.168.1.50/24")})
	with := func(f func(*Lease)) Lease {
		l := base
		f(&l)
		return l
	}
	tests := []struct {
		name    string
		ack     *dhcpv4.DHCPv4
		want    Lease
		wantErr string
	}{
		{
			name: "everything",
			ack: func() *dhcpv4.DHCPv4 {
				m := testACK("10.1.2.3",
					dhcpv4.OptSubnetMask(net.CIDRMask(20, 32)),
					dhcpv4.OptRouter(net.IPv4(10, 1, 0, 1), net.IPv4(10, 1, 0, 2)),
					dhcpv4.OptDNS(net.IPv4(10, 1, 0, 53), net.IPv4(9, 9, 9, 9)),
					dhcpv4.OptDomainName("lab.example"),
					dhcpv4.OptHostName("pi3"),
					dhcpv4.OptServerIdentifier(net.IPv4(10, 1, 0, 5)),
					dhcpv4.OptRootPath("10.1.0.9:/srv/root,vers=3"),
					secondsOpt(dhcpv4.OptionIPAddressLeaseTime, 7200),
					secondsOpt(dhcpv4.OptionRenewTimeValue, 1000),
					secondsOpt(dhcpv4.OptionRebindingTimeValue, 5000))
				m.ServerIPAddr = net.IPv4(10, 1, 0, 9)
				return m
			}(),
			want: Lease{
				Address:    netip.MustParsePrefix("10.1.2.3/20"),
				Router:     netip.MustParseAddr("10.1.0.1"),
				DNS:        addrs("10.1.0.53", "9.9.9.9"),
				Domain:     "lab.example",
				Hostname:   "pi3",
				ServerID:   netip.MustParseAddr("10.1.0.5"),
				NextServer: netip.MustParseAddr("10.1.0.9"),
				RootPath:   "10.1.0.9:/srv/root,vers=3",
				Duration:   2 * time.Hour,
				T1:         1000 * time.Second,
				T2:         5000 * time.Second,
			},
		},
		{name: "no mask: class C", ack: testACK("192.168.1.50"), want: base},
		{name: "no mask: class A", ack: testACK("10.0.0.7"), want: with(func(l *Lease) { l.Address = netip.MustParsePrefix("10.0.0.7/8") })},
		{name: "no mask: class B", ack: testACK("172.16.3.4"), want: with(func(l *Lease) { l.Address = netip.MustParsePrefix("172.16.3.4/16") })},
		{
			name: "host route mask",
			ack:  testACK("192.168.1.50", dhcpv4.OptSubnetMask(net.CIDRMask(32, 32))),
			want: with(func(l *Lease) { l.Address = netip.MustParsePrefix("192.168.1.50/32") }),
		},
		{
			name: "unusable addresses skipped",
			ack: testACK("192.168.1.50",
				dhcpv4.OptRouter(net.IPv4zero, net.IPv4(192, 168, 1, 1)),
				dhcpv4.OptDNS(net.IPv4(127, 0, 0, 53), net.IPv4bcast, net.IPv4(192, 168, 1, 1)),
				dhcpv4.OptServerIdentifier(net.IPv4(224, 0, 0, 1))),
			want: with(func(l *Lease) {
				l.Router = netip.MustParseAddr("192.168.1.1")
				l.DNS = addrs("192.168.1.1")
			}),
		},
		{
			name: "malformed address lists ignored",
			ack: testACK("192.168.1.50",
				raw(dhcpv4.OptionRouter, 192, 168, 1, 1, 9),
				raw(dhcpv4.OptionDomainNameServer),
				raw(dhcpv4.OptionServerIdentifier, 192, 168)),
			want: base,
		},
		{
			name: "NUL padded strings",
			ack: testACK("192.168.1.50",
				dhcpv4.OptDomainName("lan\x00"), dhcpv4.OptHostName("pi\x00\x00"), dhcpv4.OptRootPath("/nfs\x00")),
			want: with(func(l *Lease) { l.Domain, l.Hostname, l.RootPath = "lan", "pi", "/nfs" }),
		},
		{
			name: "infinite lease",
			ack:  testACK("192.168.1.50", secondsOpt(dhcpv4.OptionIPAddressLeaseTime, 0xffffffff)),
			want: with(func(l *Lease) { l.Duration, l.T1, l.T2 = Infinite, Infinite, Infinite }),
		},
		{
			name: "short lease raised to the minimum",
			ack:  testACK("192.168.1.50", secondsOpt(dhcpv4.OptionIPAddressLeaseTime, 10)),
			want: with(func(l *Lease) { l.Duration, l.T1, l.T2 = 20*time.Second, 10*time.Second, 17500*time.Millisecond }),
		},
		{
			name: "20 s lease honoured",
			ack:  testACK("192.168.1.50", secondsOpt(dhcpv4.OptionIPAddressLeaseTime, 20)),
			want: with(func(l *Lease) { l.Duration, l.T1, l.T2 = 20*time.Second, 10*time.Second, 17500*time.Millisecond }),
		},
		{
			name: "T2 beyond the lease ignored",
			ack: testACK("192.168.1.50",
				secondsOpt(dhcpv4.OptionRebindingTimeValue, 7200), secondsOpt(dhcpv4.OptionRenewTimeValue, 600)),
			want: with(func(l *Lease) { l.T1 = 10 * time.Minute }),
		},
		{
			name: "T1 beyond T2 ignored",
			ack: testACK("192.168.1.50",
				secondsOpt(dhcpv4.OptionRebindingTimeValue, 1200), secondsOpt(dhcpv4.OptionRenewTimeValue, 1800)),
			want: with(func(l *Lease) { l.T1, l.T2 = 20*time.Minute, 20*time.Minute }),
		},
		{
			name: "zero T1 and T2 ignored",
			ack: testACK("192.168.1.50",
				secondsOpt(dhcpv4.OptionRenewTimeValue, 0), secondsOpt(dhcpv4.OptionRebindingTimeValue, 0)),
			want: base,
		},
		{
			name: "malformed lease time ignored",
			ack:  testACK("192.168.1.50", raw(dhcpv4.OptionIPAddressLeaseTime, 0, 1)),
			want: base,
		},
		{name: "nil", ack: nil, wantErr: "read DHCP lease: no message"},
		{
			name: "an OFFER",
			ack: func() *dhcpv4.DHCPv4 {
				m := testACK("192.168.1.50")
				m.UpdateOption(dhcpv4.OptMessageType(dhcpv4.MessageTypeOffer))
				return m
			}(),
			wantErr: "read DHCP lease: not a DHCPACK (got OFFER)",
		},
		{name: "no address", ack: testACK("0.0.0.0"), wantErr: "read DHCP lease: no usable address in yiaddr (0.0.0.0)"},
		{name: "broadcast address", ack: testACK("255.255.255.255"), wantErr: "read DHCP lease: no usable address in yiaddr (255.255.255.255)"},
		{name: "multicast address", ack: testACK("239.1.1.1"), wantErr: "read DHCP lease: no usable address in yiaddr (239.1.1.1)"},
		{
			name:    "holey mask",
			ack:     testACK("192.168.1.50", raw(dhcpv4.OptionSubnetMask, 255, 0, 255, 0)),
			wantErr: "read DHCP lease: subnet mask 255.0.255.0 is not a usable prefix",
		},
		{
			name:    "zero mask",
			ack:     testACK("192.168.1.50", raw(dhcpv4.OptionSubnetMask, 0, 0, 0, 0)),
			wantErr: "read DHCP lease: subnet mask 0.0.0.0 is not a usable prefix",
		},
		{
			name:    "short mask",
			ack:     testACK("192.168.1.50", raw(dhcpv4.OptionSubnetMask, 255, 255, 255)),
			wantErr: "read DHCP lease: subnet mask is 3 bytes, want 4",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := leaseFromACK(tt.ack)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("leaseFromACK error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("leaseFromACK: %v", err)
			}
			if got.ACK != tt.ack {
				t.Errorf("lease.ACK does not point at the ACK")
			}
			if diff := cmp.Diff(tt.want, got, leaseCmp); diff != "" {
				t.Errorf("lease (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLeaseFromACKNotACKIs(t *testing.T) {
	m := testACK("192.168.1.50")
	m.UpdateOption(dhcpv4.OptMessageType(dhcpv4.MessageTypeNak))
	if _, err := leaseFromACK(m); !errors.Is(err, errNotACK) {
		t.Errorf("leaseFromACK(NAK) error = %v, want errNotACK", err)
	}
}

func TestLeaseTimesAt(t *testing.T) {
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		l    Lease
		want []time.Time // renew, rebind, expiry
	}{
		{
			name: "finite",
			l:    Lease{Acquired: at, T1: time.Minute, T2: 2 * time.Minute, Duration: 3 * time.Minute},
			want: []time.Time{at.Add(time.Minute), at.Add(2 * time.Minute), at.Add(3 * time.Minute)},
		},
		{
			name: "infinite",
			l:    Lease{Acquired: at, T1: Infinite, T2: Infinite, Duration: Infinite},
			want: []time.Time{{}, {}, {}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []time.Time{tt.l.RenewAt(), tt.l.RebindAt(), tt.l.ExpiresAt()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("renew, rebind, expiry (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLeaseString(t *testing.T) {
	tests := []struct {
		name string
		l    Lease
		want string
	}{
		{
			name: "with router",
			l: Lease{Interface: "wlan0", Address: netip.MustParsePrefix("10.0.0.5/24"), ServerID: netip.MustParseAddr("10.0.0.1"),
				Router: netip.MustParseAddr("10.0.0.254"), Duration: time.Hour},
			want: "10.0.0.5/24 on wlan0 from 10.0.0.1, router 10.0.0.254, for 1h0m0s",
		},
		{
			name: "forever",
			l:    Lease{Interface: "eth0", Address: netip.MustParsePrefix("10.0.0.5/8"), ServerID: netip.MustParseAddr("10.0.0.1"), Duration: Infinite},
			want: "10.0.0.5/8 on eth0 from 10.0.0.1, forever",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestInherit(t *testing.T) {
	old := &Lease{
		Address:    netip.MustParsePrefix("10.0.0.5/16"),
		Router:     netip.MustParseAddr("10.0.0.1"),
		DNS:        addrs("10.0.0.53"),
		Domain:     "old.example",
		Hostname:   "pi",
		ServerID:   netip.MustParseAddr("10.0.0.2"),
		NextServer: netip.MustParseAddr("10.0.0.3"),
		RootPath:   "/old",
	}
	tests := []struct {
		name string
		ack  *dhcpv4.DHCPv4
		want func(l *Lease)
	}{
		{
			name: "bare ACK keeps everything",
			ack:  testACK("10.0.0.5"),
			want: func(l *Lease) {},
		},
		{
			name: "sent options win",
			ack: testACK("10.0.0.5", dhcpv4.OptSubnetMask(net.CIDRMask(24, 32)), dhcpv4.OptRouter(net.IPv4(10, 0, 0, 9)),
				dhcpv4.OptDomainName("new.example"), dhcpv4.OptRootPath("/new")),
			want: func(l *Lease) {
				l.Address = netip.MustParsePrefix("10.0.0.5/24")
				l.Router = netip.MustParseAddr("10.0.0.9")
				l.Domain, l.RootPath = "new.example", "/new"
			},
		},
		{
			name: "a new address does not take the old mask",
			ack:  testACK("192.168.7.7"),
			want: func(l *Lease) { l.Address = netip.MustParsePrefix("192.168.7.7/24") },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := leaseFromACK(tt.ack)
			if err != nil {
				t.Fatal(err)
			}
			inherit(&got, old, tt.ack.Options)
			want := defaultTimes(*old)
			tt.want(&want)
			if diff := cmp.Diff(want, got, leaseCmp); diff != "" {
				t.Errorf("lease (-want +got):\n%s", diff)
			}
		})
	}
}
