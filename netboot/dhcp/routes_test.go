package dhcp

import (
	"errors"
	"net"
	"net/netip"
	"slices"
	"testing"

	"github.com/airroot/airroot/netboot/link"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

func route(dest, via string) link.Route {
	r := link.Route{Dest: netip.MustParsePrefix(dest)}
	if via != "" {
		r.Via = netip.MustParseAddr(via)
	}
	return r
}

// TestParseClasslessRoutes: RFC 3442 section 3's encodings, each width's
// significant octets only.
func TestParseClasslessRoutes(t *testing.T) {
	tests := []struct {
		name    string
		b       []byte
		want    []link.Route
		wantErr string
	}{
		{name: "default route", b: []byte{0, 10, 0, 0, 1}, want: []link.Route{route("0.0.0.0/0", "10.0.0.1")}},
		{name: "the RFC's examples", b: []byte{
			8, 10, 10, 17, 0, 1, // 10.0.0.0/8 via 10.17.0.1
			16, 10, 229, 10, 0, 0, 1, // 10.229.0.0/16
			24, 10, 198, 122, 10, 0, 0, 1, // 10.198.122.0/24
			25, 10, 198, 122, 128, 10, 0, 0, 1, // 10.198.122.128/25
			32, 10, 198, 122, 47, 10, 0, 0, 1, // a host
		}, want: []link.Route{
			route("10.0.0.0/8", "10.17.0.1"), route("10.229.0.0/16", "10.0.0.1"), route("10.198.122.0/24", "10.0.0.1"),
			route("10.198.122.128/25", "10.0.0.1"), route("10.198.122.47/32", "10.0.0.1"),
		}},
		{name: "on the link", b: []byte{16, 172, 16, 0, 0, 0, 0}, want: []link.Route{route("172.16.0.0/16", "")}},
		{name: "bits past the width masked", b: []byte{12, 10, 255, 10, 0, 0, 1}, want: []link.Route{route("10.240.0.0/12", "10.0.0.1")}},
		{name: "through a broadcast address: left out", b: []byte{8, 10, 255, 255, 255, 255, 0, 10, 0, 0, 1},
			want: []link.Route{route("0.0.0.0/0", "10.0.0.1")}},
		{name: "width over 32", b: []byte{33, 1, 2, 3, 4, 5, 10, 0, 0, 1}, wantErr: "classless static route 1: prefix length 33"},
		{name: "truncated", b: []byte{0, 10, 0, 0, 1, 24, 10, 1, 2, 10, 0}, wantErr: "classless static route 2: truncated"},
		{name: "empty", b: nil, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseClasslessRoutes(tt.b)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(tt.want, got) {
				t.Errorf("routes %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := parseClasslessRoutes([]byte{24, 10}); !errors.Is(err, errRouteTruncated) {
		t.Errorf("a cut route's error %v is not errRouteTruncated", err)
	}
}

// TestLeaseClasslessRoutes: option 121 wins over option 3 (RFC 3442: the
// client MUST ignore the router option then); a malformed one is left out.
func TestLeaseClasslessRoutes(t *testing.T) {
	router := dhcpv4.OptRouter(net.IPv4(192, 168, 1, 1))
	tests := []struct {
		name       string
		opts       []dhcpv4.Option
		wantRouter string
		wantRoutes []link.Route
	}{
		{name: "router only", opts: []dhcpv4.Option{router}, wantRouter: "192.168.1.1"},
		{name: "121's default route wins", opts: []dhcpv4.Option{router,
			raw(dhcpv4.OptionClasslessStaticRoute, 0, 192, 168, 1, 254, 24, 192, 168, 50, 192, 168, 1, 2)},
			wantRouter: "192.168.1.254", wantRoutes: []link.Route{route("192.168.50.0/24", "192.168.1.2")}},
		{name: "121 without a default route: none", opts: []dhcpv4.Option{router,
			raw(dhcpv4.OptionClasslessStaticRoute, 24, 192, 168, 50, 192, 168, 1, 2)},
			wantRoutes: []link.Route{route("192.168.50.0/24", "192.168.1.2")}},
		{name: "malformed 121 left out", opts: []dhcpv4.Option{router, raw(dhcpv4.OptionClasslessStaticRoute, 40)},
			wantRouter: "192.168.1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := leaseFromACK(testACK("192.168.1.50", tt.opts...))
			if err != nil {
				t.Fatal(err)
			}
			var want netip.Addr
			if tt.wantRouter != "" {
				want = netip.MustParseAddr(tt.wantRouter)
			}
			if l.Router != want {
				t.Errorf("router %s, want %s", l.Router, want)
			}
			if !slices.Equal(tt.wantRoutes, l.Routes) {
				t.Errorf("routes %v, want %v", l.Routes, tt.wantRoutes)
			}
		})
	}
}

// TestInheritRoutes: a renewal's ACK with neither option 3 nor 121 (or a
// malformed 121) keeps the lease's router and routes; one with option 121
// alone does not keep its option-3 router.
func TestInheritRoutes(t *testing.T) {
	old := &Lease{Address: netip.MustParsePrefix("192.168.1.50/24"), Router: netip.MustParseAddr("192.168.1.1"),
		Routes: []link.Route{route("192.168.50.0/24", "192.168.1.2")}}
	bare := &Lease{Address: old.Address}
	inherit(bare, old, dhcpv4.Options{})
	if bare.Router != old.Router || !slices.Equal(bare.Routes, old.Routes) {
		t.Errorf("bare renewal: router %s, routes %v; want the old lease's", bare.Router, bare.Routes)
	}
	malformed := &Lease{Address: old.Address}
	inherit(malformed, old, dhcpv4.Options{dhcpv4.OptionClasslessStaticRoute.Code(): {40}})
	if malformed.Router != old.Router || !slices.Equal(malformed.Routes, old.Routes) {
		t.Errorf("renewal with a malformed option 121: router %s, routes %v; want the old lease's", malformed.Router, malformed.Routes)
	}
	routed := &Lease{Address: old.Address, Routes: []link.Route{route("10.0.0.0/8", "192.168.1.3")}}
	inherit(routed, old, dhcpv4.Options{dhcpv4.OptionClasslessStaticRoute.Code(): {24, 10, 0, 0, 192, 168, 1, 3}})
	if routed.Router.IsValid() || len(routed.Routes) != 1 {
		t.Errorf("renewal with option 121 alone: router %s, routes %v; want no router, its own route", routed.Router, routed.Routes)
	}
}

// FuzzParseClasslessRoutes: no panic; every route read is an IPv4 prefix in
// its masked form, through a usable router or on the link.
func FuzzParseClasslessRoutes(f *testing.F) {
	f.Add([]byte{0, 10, 0, 0, 1, 24, 192, 168, 50, 10, 0, 0, 2})
	f.Add([]byte{32, 10, 198, 122, 47, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		routes, err := parseClasslessRoutes(b)
		if err != nil {
			return
		}
		for _, r := range routes {
			if !r.Dest.IsValid() || !r.Dest.Addr().Is4() || r.Dest != r.Dest.Masked() {
				t.Errorf("destination %s", r.Dest)
			}
			if r.Via.IsValid() && !usable(r.Via.AsSlice()).IsValid() {
				t.Errorf("router %s", r.Via)
			}
		}
	})
}

// TestLeaseMTU: option 26 as the lease's MTU, from MinMTU up; a renewal's ACK
// without it keeps the lease's.
func TestLeaseMTU(t *testing.T) {
	tests := []struct {
		name string
		opts []dhcpv4.Option
		want int
	}{
		{name: "none", want: 0},
		{name: "1400", opts: []dhcpv4.Option{raw(dhcpv4.OptionInterfaceMTU, 0x05, 0x78)}, want: 1400},
		{name: "576", opts: []dhcpv4.Option{raw(dhcpv4.OptionInterfaceMTU, 0x02, 0x40)}, want: 576},
		{name: "68, the option's floor, too small for NFS", opts: []dhcpv4.Option{raw(dhcpv4.OptionInterfaceMTU, 0, 68)}, want: 0},
		{name: "malformed", opts: []dhcpv4.Option{raw(dhcpv4.OptionInterfaceMTU, 5, 0x78, 0)}, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := leaseFromACK(testACK("192.168.1.50", tt.opts...))
			if err != nil {
				t.Fatal(err)
			}
			if l.MTU != tt.want {
				t.Errorf("MTU %d, want %d", l.MTU, tt.want)
			}
		})
	}
	renewed := &Lease{Address: netip.MustParsePrefix("192.168.1.50/24")}
	inherit(renewed, &Lease{MTU: 1400}, dhcpv4.Options{})
	if renewed.MTU != 1400 {
		t.Errorf("a renewal without option 26: MTU %d, want the lease's 1400", renewed.MTU)
	}
}
