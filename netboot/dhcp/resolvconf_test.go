package dhcp

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/insomniacslk/dhcp/dhcpv4"
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
			name: "search list over the domain",
			l:    Lease{Interface: "wlan0", Domain: "lan.example", Search: []string{"eng.corp.example.", "corp.example"}, DNS: addrs("10.0.0.53")},
			want: "# from the DHCP lease on wlan0\nsearch eng.corp.example corp.example\nnameserver 10.0.0.53\n",
		},
		{
			name: "search list: bad names out, six at most",
			l: Lease{Interface: "wlan0", Search: []string{"a.example", "evil\nnameserver 6.6.6.6", "a.example.",
				"b.example", "c.example", "d.example", "e.example", "f.example", "g.example"}},
			want: "# from the DHCP lease on wlan0\nsearch a.example b.example c.example d.example e.example f.example\n",
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

// TestLeaseSearch: option 119 read as RFC 3397 writes it, compression and
// all, and kept across a renewal that omits it.
func TestLeaseSearch(t *testing.T) {
	// RFC 3397 section 3's example: eng.apple.com, then marketing.apple.com
	// pointing at the first's "apple.com".
	opt := raw(dhcpv4.OptionDNSDomainSearchList,
		3, 'e', 'n', 'g', 5, 'a', 'p', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		9, 'm', 'a', 'r', 'k', 'e', 't', 'i', 'n', 'g', 0xc0, 4)
	l, err := leaseFromACK(testACK("192.168.1.50", opt, dhcpv4.OptDomainName("lan.example")))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"eng.apple.com", "marketing.apple.com"}; !slices.Equal(l.Search, want) {
		t.Errorf("search list %q, want %q", l.Search, want)
	}
	renewed := &Lease{Address: l.Address}
	inherit(renewed, &l, dhcpv4.Options{})
	if !slices.Equal(renewed.Search, l.Search) {
		t.Errorf("a renewal without option 119: search list %q, want the lease's %q", renewed.Search, l.Search)
	}
}
