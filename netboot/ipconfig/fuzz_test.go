package ipconfig

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics, that what it accepts respects the documented
// limits, and that String renders a Config that parses back to the same Config.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "dhcp", "off", "on", "both", "dhcp,1,00:11:22", "wlan0:dhcp", "eth0:auto6",
		"192.168.1.20:192.168.1.2:192.168.1.1:255.255.255.0:pi1.lan:eth0:off:1.1.1.1:8.8.8.8:10.0.0.3",
		"10.0.0.5::10.0.0.1:24", ":::::wlan0:dhcp", "10.0.2.15::10.0.2:255.255.255.0",
		"::::pi::dhcp", "[2001:db8::5]::[2001:db8::1]:64:pi:eth0:none", "10.0.0.5::10.0.0.1:255.255.255.0:pi:eth0:none:1500",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c, err := Parse(in)
		if err != nil {
			return
		}
		checkInvariants(t, in, c)
		out := c.String()
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(%q) = %+v; its String %q does not parse: %v", in, c, out, err)
		}
		if diff := cmp.Diff(c, again, cmpAddr); diff != "" {
			t.Fatalf("Parse(%q) then String %q then Parse (-first +second):\n%s", in, out, diff)
		}
	})
}

func checkInvariants(t *testing.T, in string, c Config) {
	t.Helper()
	if len(c.Hostname) > maxUTSName || len(c.NISDomain) > maxUTSName || len(c.Device) > maxDeviceName {
		t.Errorf("Parse(%q) = %+v: a name is over the kernel's limit", in, c)
	}
	if c.Netmask.IsValid() && !isContiguous(c.Netmask) {
		t.Errorf("Parse(%q): netmask %v is not contiguous", in, c.Netmask)
	}
	if len(c.DNS) > 2 {
		t.Errorf("Parse(%q): %d DNS servers, at most 2", in, len(c.DNS))
	}
	for _, a := range append([]netip.Addr{c.Client, c.Server, c.Gateway, c.NTP}, c.DNS...) {
		if a.IsValid() && (!a.Is4() || a.IsUnspecified()) {
			t.Errorf("Parse(%q): address %v is not a given IPv4 address", in, a)
		}
	}
	if c.Mode < Off || c.Mode > Both {
		t.Errorf("Parse(%q): mode %v out of range", in, c.Mode)
	}
	if len(c.ClientID) > 0 && c.Mode != DHCP {
		t.Errorf("Parse(%q): a client identifier with mode %v", in, c.Mode)
	}
	if c.Static() && !c.Client.IsValid() {
		t.Errorf("Parse(%q): static without a client address", in)
	}
}
