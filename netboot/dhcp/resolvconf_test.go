package dhcp

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestResolvConf(t *testing.T) {
	tests := []struct {
		name string
		l    Lease
		want string
	}{
		{
			name: "domain and servers",
			l:    Lease{Interface: "wlan0", Domain: "lan.example", DNS: addrs("10.0.0.53", "1.1.1.1")},
			want: "# from the DHCP lease on wlan0\nsearch lan.example\nnameserver 10.0.0.53\nnameserver 1.1.1.1\n",
		},
		{
			name: "nothing",
			l:    Lease{Interface: "eth0"},
			want: "# from the DHCP lease on eth0\n",
		},
		{
			name: "domain that would inject a line",
			l:    Lease{Interface: "eth0", Domain: "evil\nnameserver 6.6.6.6", DNS: addrs("10.0.0.53")},
			want: "# from the DHCP lease on eth0\nnameserver 10.0.0.53\n",
		},
		{
			name: "domain with spaces",
			l:    Lease{Interface: "eth0", Domain: "a.example b.example"},
			want: "# from the DHCP lease on eth0\n",
		},
		{
			name: "zero address skipped",
			l:    Lease{Interface: "eth0", DNS: []netip.Addr{{}, netip.MustParseAddr("10.0.0.53")}},
			want: "# from the DHCP lease on eth0\nnameserver 10.0.0.53\n",
		},
		{
			name: "control characters in the interface name",
			l:    Lease{Interface: "eth\n0"},
			want: "# from the DHCP lease on eth?0\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(ResolvConf(tt.l))
			if diff := cmp.Diff(strings.Split(tt.want, "\n"), strings.Split(got, "\n")); diff != "" {
				t.Errorf("ResolvConf (-want +got):\n%s", diff)
			}
		})
	}
}
