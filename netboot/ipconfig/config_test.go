package ipconfig

import (
	"net/netip"
	"testing"
)

func TestStatic(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{name: "static address", in: "10.0.0.5:::255.0.0.0", want: true},
		{name: "static address, off", in: "10.0.0.5::::::off", want: true},
		{name: "address with dhcp", in: "10.0.0.5::::::dhcp", want: false},
		{name: "dhcp", in: "dhcp", want: false},
		{name: "off without address", in: "off", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Static(); got != tt.want {
				t.Errorf("Parse(%q).Static() = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestPrefix(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    netip.Prefix
		wantErr bool
	}{
		{name: "explicit netmask", in: "192.168.1.20:::255.255.255.128", want: netip.MustParsePrefix("192.168.1.20/25")},
		{name: "prefix length", in: "10.1.2.3:::20", want: netip.MustParsePrefix("10.1.2.3/20")},
		{name: "class A guess", in: "10.1.2.3", want: netip.MustParsePrefix("10.1.2.3/8")},
		{name: "class B guess", in: "172.16.5.4", want: netip.MustParsePrefix("172.16.5.4/16")},
		{name: "class C guess", in: "192.168.7.9", want: netip.MustParsePrefix("192.168.7.9/24")},
		{name: "class E cannot be guessed", in: "240.0.0.1", wantErr: true},
		{name: "no client", in: "dhcp", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Prefix()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Parse(%q).Prefix() error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("Parse(%q).Prefix() = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "short dhcp", in: "dhcp", want: "dhcp"},
		{name: "none becomes off", in: "none", want: "off"},
		{name: "any becomes on", in: "any", want: "on"},
		{name: "client id", in: "dhcp,1,00:11", want: "dhcp,1,00:11"},
		{name: "dracut form becomes the kernel form", in: "wlan0:dhcp", want: ":::::wlan0:dhcp"},
		{name: "static with mode spelled out", in: "10.0.0.5::10.0.0.1:24", want: "10.0.0.5::10.0.0.1:255.255.255.0:::off"},
		{name: "everything", in: "10.0.0.5:10.0.0.2:10.0.0.1:255.255.255.0:pi.lan:eth0:off:1.1.1.1:8.8.8.8:10.0.0.3",
			want: "10.0.0.5:10.0.0.2:10.0.0.1:255.255.255.0:pi.lan:eth0:off:1.1.1.1:8.8.8.8:10.0.0.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.String(); got != tt.want {
				t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestModeString(t *testing.T) {
	for m, want := range map[Mode]string{Off: "off", Any: "on", DHCP: "dhcp", BOOTP: "bootp", RARP: "rarp", Both: "both", Mode(42): "Mode(42)"} {
		if got := m.String(); got != want {
			t.Errorf("Mode(%d).String() = %q, want %q", int(m), got, want)
		}
	}
}
