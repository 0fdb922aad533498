package ipconfig

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

func addrs(ss ...string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		out = append(out, addr(s))
	}
	return out
}

var cmpAddr = cmp.Comparer(func(a, b netip.Addr) bool { return a == b })

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Config
	}{
		{name: "empty means off", in: "", want: Config{Mode: Off}},
		{name: "off", in: "off", want: Config{Mode: Off}},
		{name: "none", in: "none", want: Config{Mode: Off}},
		{name: "static keyword", in: "static", want: Config{Mode: Off}},
		{name: "on", in: "on", want: Config{Mode: Any}},
		{name: "any", in: "any", want: Config{Mode: Any}},
		{name: "dhcp", in: "dhcp", want: Config{Mode: DHCP}},
		{name: "dracut single-dhcp", in: "single-dhcp", want: Config{Mode: DHCP}},
		{name: "bootp", in: "bootp", want: Config{Mode: BOOTP}},
		{name: "rarp", in: "rarp", want: Config{Mode: RARP}},
		{name: "both", in: "both", want: Config{Mode: Both}},
		{
			name: "dhcp with client id, colons kept in the short form",
			in:   "dhcp,1,00:11:22:33:44:55",
			want: Config{Mode: DHCP, ClientID: []byte("\x0100:11:22:33:44:55")},
		},
		{
			name: "dhcp client id type in hex",
			in:   "dhcp,0xff,pi",
			want: Config{Mode: DHCP, ClientID: []byte("\xffpi")},
		},
		{
			name: "full static form",
			in:   "192.168.1.20:192.168.1.2:192.168.1.1:255.255.255.0:pi1:eth0:off:192.168.1.1:8.8.8.8:192.168.1.3",
			want: Config{
				Client: addr("192.168.1.20"), Server: addr("192.168.1.2"), Gateway: addr("192.168.1.1"),
				Netmask: addr("255.255.255.0"), Hostname: "pi1", Device: "eth0", Mode: Off,
				DNS: addrs("192.168.1.1", "8.8.8.8"), NTP: addr("192.168.1.3"),
			},
		},
		{
			name: "client only is static",
			in:   "10.0.0.5",
			want: Config{Client: addr("10.0.0.5"), Mode: Off},
		},
		{
			name: "empty autoconf with client is static",
			in:   "10.0.0.5::10.0.0.1:255.255.255.0::wlan0:",
			want: Config{Client: addr("10.0.0.5"), Gateway: addr("10.0.0.1"), Netmask: addr("255.255.255.0"), Device: "wlan0", Mode: Off},
		},
		{
			name: "empty autoconf without client is any",
			in:   ":10.0.0.2::::wlan0",
			want: Config{Server: addr("10.0.0.2"), Device: "wlan0", Mode: Any},
		},
		{name: "all fields empty is any", in: ":::::::::", want: Config{Mode: Any}},
		{
			name: "client with dhcp keeps the client as a hint",
			in:   "10.0.0.5:::::eth0:dhcp",
			want: Config{Client: addr("10.0.0.5"), Device: "eth0", Mode: DHCP},
		},
		{
			name: "device and dhcp, kernel form",
			in:   ":::::wlan0:dhcp",
			want: Config{Device: "wlan0", Mode: DHCP},
		},
		{
			name: "autoconf off without client disables",
			in:   ":::::eth0:off",
			want: Config{Device: "eth0", Mode: Off},
		},
		{
			name: "dracut interface form",
			in:   "wlan0:dhcp",
			want: Config{Device: "wlan0", Mode: DHCP},
		},
		{
			name: "dracut interface form with on",
			in:   "enp0s3:on",
			want: Config{Device: "enp0s3", Mode: Any},
		},
		{
			name: "dracut interface form with its <mtu> and <macaddr> left empty",
			in:   "eth0:dhcp::",
			want: Config{Device: "eth0", Mode: DHCP},
		},
		{
			name: "0.0.0.0 means not given",
			in:   "0.0.0.0:0.0.0.0:0.0.0.0:0.0.0.0::eth0:dhcp:0.0.0.0",
			want: Config{Device: "eth0", Mode: DHCP},
		},
		{
			name: "hostname with NIS domain",
			in:   "::::pi1.example.lan::dhcp",
			want: Config{Hostname: "pi1", NISDomain: "example.lan", Mode: DHCP},
		},
		{
			name: "hostname of 64 bytes",
			in:   "::::" + strings.Repeat("h", 64),
			want: Config{Hostname: strings.Repeat("h", 64), Mode: Any},
		},
		{
			name: "netmask as dracut prefix length",
			in:   "10.1.2.3::10.1.0.1:16",
			want: Config{Client: addr("10.1.2.3"), Gateway: addr("10.1.0.1"), Netmask: addr("255.255.0.0"), Mode: Off},
		},
		{
			name: "dns1 without dns0",
			in:   "10.0.0.5::::::off::1.1.1.1",
			want: Config{Client: addr("10.0.0.5"), Mode: Off, DNS: addrs("1.1.1.1")},
		},
		{
			name: "gateway on a classful network",
			in:   "192.168.1.20::192.168.1.1",
			want: Config{Client: addr("192.168.1.20"), Gateway: addr("192.168.1.1"), Mode: Off},
		},
		{
			name: "client id in the long form",
			in:   ":::::eth0:dhcp,0,pi-one",
			want: Config{Device: "eth0", Mode: DHCP, ClientID: []byte("\x00pi-one")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got, cmpAddr); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		field   string
		wantErr error
		wantMsg string
	}{
		{name: "short gateway", in: "10.0.2.15::10.0.2:255.255.255.0", field: "gateway address", wantErr: ErrInvalid,
			wantMsg: `ip=: bad gateway address "10.0.2": not an IPv4 address (want a.b.c.d)`},
		{name: "a word alone is a method, not an address", in: "garbage", field: "autoconf method", wantErr: ErrInvalid},
		{name: "bad client address alone", in: "10.0.0", field: "client address", wantErr: ErrInvalid},
		{name: "garbage client with fields", in: "foo:bar", field: "client address", wantErr: ErrInvalid},
		{name: "ipv6 client", in: "[fe80::1]", field: "client address", wantErr: ErrInvalid},
		{name: "octet out of range", in: "10.0.0.256", field: "client address", wantErr: ErrInvalid},
		{name: "leading zeros", in: "010.0.0.1", field: "client address", wantErr: ErrInvalid},
		{name: "broadcast client", in: "255.255.255.255", field: "client address", wantErr: ErrInvalid},
		{name: "multicast client", in: "224.0.0.1", field: "client address", wantErr: ErrInvalid},
		{name: "loopback gateway", in: "10.0.0.5::127.0.0.1", field: "gateway address", wantErr: ErrInvalid},
		{name: "bad server", in: "10.0.0.5:nfs", field: "server address", wantErr: ErrInvalid},
		{name: "non-contiguous netmask", in: "10.0.0.5:::255.0.255.0", field: "netmask", wantErr: ErrInvalid,
			wantMsg: `ip=: bad netmask "255.0.255.0": not a contiguous netmask`},
		{name: "prefix length out of range", in: "10.0.0.5:::33", field: "netmask", wantErr: ErrInvalid},
		{name: "prefix length zero", in: "10.0.0.5:::0", field: "netmask", wantErr: ErrInvalid},
		{name: "netmask garbage", in: "10.0.0.5:::mask", field: "netmask", wantErr: ErrInvalid},
		{name: "gateway off the network", in: "10.0.0.5::10.1.0.1:255.255.255.0", field: "gateway address", wantErr: ErrInvalid,
			wantMsg: `ip=: bad gateway address "10.1.0.1": not on the client's network 10.0.0.0/24`},
		{name: "gateway off the classful network", in: "192.168.1.20::192.168.2.1", field: "gateway address", wantErr: ErrInvalid},
		{name: "hostname too long", in: "::::" + strings.Repeat("h", 65), field: "hostname", wantErr: ErrTooLong},
		{name: "NIS domain too long", in: "::::h." + strings.Repeat("d", 65), field: "hostname", wantErr: ErrTooLong},
		{name: "hostname with space", in: "::::my host", field: "hostname", wantErr: ErrInvalid},
		{name: "hostname starting with dot", in: "::::.lan", field: "hostname", wantErr: ErrInvalid},
		{name: "device too long", in: ":::::" + strings.Repeat("w", 16), field: "device", wantErr: ErrTooLong},
		{name: "device with slash", in: ":::::eth/0", field: "device", wantErr: ErrInvalid},
		{name: "device dotdot", in: ":::::..", field: "device", wantErr: ErrInvalid},
		{name: "unknown autoconf", in: ":::::eth0:dhcpd", field: "autoconf method", wantErr: ErrInvalid,
			wantMsg: `ip=: bad autoconf method "dhcpd": unknown method (want off, none, on, any, dhcp, bootp, rarp or both)`},
		{name: "auto is not a kernel method", in: ":::::eth0:auto", field: "autoconf method", wantErr: ErrInvalid},
		{name: "autoconf is case sensitive", in: ":::::eth0:DHCP", field: "autoconf method", wantErr: ErrInvalid},
		{name: "dhcp6 short", in: "dhcp6", field: "autoconf method", wantErr: ErrUnsupported,
			wantMsg: `ip=: bad autoconf method "dhcp6": DHCPv6 is not supported (airroot configures IPv4: use dhcp, on, off or a static address)`},
		{name: "auto6 interface form", in: "eth0:auto6", field: "autoconf method", wantErr: ErrUnsupported},
		{name: "ibft", in: "ibft", field: "autoconf method", wantErr: ErrUnsupported},
		{name: "dracut mtu after interface form", in: "eth0:dhcp:1500", field: "value", wantErr: ErrUnsupported},
		{name: "a misspelt method alone", in: "dhpc", field: "autoconf method", wantErr: ErrInvalid,
			wantMsg: `ip=: bad autoconf method "dhpc": unknown method (want off, none, on, any, dhcp, bootp, rarp or both)`},
		{name: "dracut mtu in the dns0 field", in: "10.0.0.5::10.0.0.1:255.255.255.0:pi:eth0:none:1500", field: "dns0 address", wantErr: ErrInvalid},
		{name: "dracut IPv6 static form", in: "[2001:db8::5]::[2001:db8::1]:64:pi:eth0:none", field: "value", wantErr: ErrUnsupported,
			wantMsg: `ip=: bad value "[2001:db8::5]::[2001:db8::1]:64:pi:eth0:none": IPv6 addresses are not supported (airroot configures IPv4: use dhcp, on, off or a static IPv4 address)`},
		{name: "too many fields", in: "10.0.0.5::::::off::::x", field: "value", wantErr: ErrInvalid},
		{name: "dracut mtu and mac after ten fields", in: "10.0.0.5::10.0.0.1:255.255.255.0:pi:eth0:none:1500:b8:27:eb:12:34:56", field: "value", wantErr: ErrInvalid,
			wantMsg: `ip=: bad value "10.0.0.5::10.0.0.1:255.255.255.0:pi:eth0:none:1500:b8:27:eb:12:34:56": 14 fields, at most 10 (dracut's <mtu> and <macaddr> after <autoconf> are not supported)`},
		{name: "client id without value", in: "dhcp,1", field: "autoconf method", wantErr: ErrInvalid},
		{name: "client id empty", in: "dhcp,", field: "autoconf method", wantErr: ErrInvalid},
		{name: "client id type too big", in: "dhcp,256,x", field: "autoconf method", wantErr: ErrInvalid},
		{name: "client id too long", in: "dhcp,1," + strings.Repeat("x", 252), field: "autoconf method", wantErr: ErrTooLong},
		{name: "bad ntp", in: "10.0.0.5::::::off:::ntp", field: "ntp0 address", wantErr: ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Parse(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("Parse(%q) error = %v, want a *FieldError for field %q", tt.in, err, tt.field)
			}
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("Parse(%q) error text:\n got %s\nwant %s", tt.in, err, tt.wantMsg)
			}
		})
	}
}
