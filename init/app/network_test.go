package app

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNetworkFormat(t *testing.T) {
	tests := []struct {
		name string
		in   Network
		want map[string]string
	}{
		{name: "waiting", in: Network{State: NetworkWaiting}, want: map[string]string{"STATE": "waiting"}},
		{
			name: "up over wi-fi",
			in: Network{State: NetworkUp, Interface: "wlan0", Address: netip.MustParsePrefix("10.0.0.20/24"),
				Gateway: netip.MustParseAddr("10.0.0.1"), DNS: []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("9.9.9.9")}},
			want: map[string]string{"STATE": "up", "INTERFACE": "wlan0", "ADDRESS": "10.0.0.20/24", "GATEWAY": "10.0.0.1", "DNS": "10.0.0.1,9.9.9.9"},
		},
		{
			name: "failed, the error on one line",
			in:   Network{State: NetworkFailed, Error: "no network\nto join"},
			want: map[string]string{"STATE": "failed", "ERROR": "no network to join"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ParseNetwork(tt.in.Format())); diff != "" {
				t.Errorf("ParseNetwork(Format) (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzNetworkFormat checks that every value comes back from the file, on
// its own line, whatever it holds.
func FuzzNetworkFormat(f *testing.F) {
	f.Add("up", "wlan0", "oops\nagain")
	f.Add("failed", "eth0=x", "a=b=c")
	f.Fuzz(func(t *testing.T, state, iface, errText string) {
		n := Network{State: state, Interface: iface, Error: errText}
		got := ParseNetwork(n.Format())
		for key, in := range map[string]string{"STATE": state, "INTERFACE": iface, "ERROR": errText} {
			if want := strings.ReplaceAll(in, "\n", " "); got[key] != want {
				t.Errorf("%s = %q, want %q (file %q)", key, got[key], want, n.Format())
			}
		}
	})
}
