package link

import (
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

func TestIntegrationConfigure(t *testing.T) {
	n := newTestNS(t)
	n.veth("c0", "c1")
	n.up("c1")
	n.up("c0")
	steps := []struct {
		name       string
		addr       string
		gw         string
		wantAddrs  []string
		wantRoutes []string // default routes as "gw flags proto"
	}{
		{name: "first lease", addr: "10.9.0.5/24", gw: "10.9.0.1",
			wantAddrs: []string{"10.9.0.5/24"}, wantRoutes: []string{"10.9.0.1 [] dhcp"}},
		{name: "same again", addr: "10.9.0.5/24", gw: "10.9.0.1",
			wantAddrs: []string{"10.9.0.5/24"}, wantRoutes: []string{"10.9.0.1 [] dhcp"}},
		{name: "new address", addr: "10.9.1.7/24", gw: "10.9.1.1",
			wantAddrs: []string{"10.9.1.7/24"}, wantRoutes: []string{"10.9.1.1 [] dhcp"}},
		{name: "gateway off the prefix", addr: "10.9.1.7/32", gw: "10.9.0.1",
			wantAddrs: []string{"10.9.1.7/32"}, wantRoutes: []string{"10.9.0.1 [onlink] dhcp"}},
		{name: "no gateway, no default route", addr: "10.9.1.7/32",
			wantAddrs: []string{"10.9.1.7/32"}, wantRoutes: nil},
	}
	for _, s := range steps {
		var gw netip.Addr
		if s.gw != "" {
			gw = netip.MustParseAddr(s.gw)
		}
		if err := Configure("c0", netip.MustParsePrefix(s.addr), gw); err != nil {
			t.Fatalf("%s: Configure: %v", s.name, err)
		}
		if diff := cmp.Diff(s.wantAddrs, n.addrs("c0")); diff != "" {
			t.Errorf("%s: addresses (-want +got):\n%s", s.name, diff)
		}
		if diff := cmp.Diff(s.wantRoutes, n.defaultRoutes()); diff != "" {
			t.Errorf("%s: default routes (-want +got):\n%s", s.name, diff)
		}
	}
	err := Configure("nosuch0", netip.MustParsePrefix("10.9.0.5/24"), netip.Addr{})
	if err == nil || !strings.HasPrefix(err.Error(), "configure nosuch0: ") {
		t.Errorf("Configure(nosuch0) error = %v, want one naming the interface", err)
	}
}

// TestIntegrationConfigureRoutes: a lease's classless static routes (option
// 121) are set beside its default route, and the next lease's replace them.
func TestIntegrationConfigureRoutes(t *testing.T) {
	n := newTestNS(t)
	n.veth("c0", "c1")
	n.up("c1")
	n.up("c0")
	route := func(dest, via string) Route {
		r := Route{Dest: netip.MustParsePrefix(dest)}
		if via != "" {
			r.Via = netip.MustParseAddr(via)
		}
		return r
	}
	steps := []struct {
		name   string
		gw     string
		routes []Route
		want   []string // DHCP's routes as "dest via gw [flags]"
	}{
		{name: "router and a route to the servers", gw: "10.9.0.1", routes: []Route{route("192.168.50.0/24", "10.9.0.254")},
			want: []string{"0.0.0.0/0 via 10.9.0.1 []", "192.168.50.0/24 via 10.9.0.254 []"}},
		{name: "default route among them", routes: []Route{route("0.0.0.0/0", "10.9.0.2"), route("10.20.0.0/16", "")},
			want: []string{"0.0.0.0/0 via 10.9.0.2 []", "10.20.0.0/16 via <nil> []"}},
		{name: "router outside the prefix", routes: []Route{route("192.168.60.0/24", "10.8.0.1")},
			want: []string{"192.168.60.0/24 via 10.8.0.1 [onlink]"}},
		{name: "none", want: nil},
	}
	for _, s := range steps {
		var gw netip.Addr
		if s.gw != "" {
			gw = netip.MustParseAddr(s.gw)
		}
		if err := Configure("c0", netip.MustParsePrefix("10.9.0.5/24"), gw, s.routes...); err != nil {
			t.Fatalf("%s: Configure: %v", s.name, err)
		}
		if diff := cmp.Diff(s.want, n.dhcpRoutes("c0")); diff != "" {
			t.Errorf("%s: routes (-want +got):\n%s", s.name, diff)
		}
	}
}

// dhcpRoutes lists the routes on the interface name that DHCP set.
func (n *testNS) dhcpRoutes(name string) []string {
	n.t.Helper()
	routes, err := n.handle.RouteList(n.link(name), netlink.FAMILY_V4)
	if err != nil {
		n.t.Fatal(err)
	}
	var out []string
	for _, r := range routes {
		if r.Protocol != unix.RTPROT_DHCP {
			continue
		}
		dst := "0.0.0.0/0"
		if r.Dst != nil {
			dst = r.Dst.String()
		}
		flags := r.ListFlags()
		slices.Sort(flags)
		out = append(out, dst+" via "+r.Gw.String()+" ["+strings.Join(flags, " ")+"]")
	}
	slices.Sort(out)
	return out
}

func (n *testNS) addrs(name string) []string {
	n.t.Helper()
	list, err := n.handle.AddrList(n.link(name), netlink.FAMILY_V4)
	if err != nil {
		n.t.Fatal(err)
	}
	var out []string
	for _, a := range list {
		out = append(out, a.IPNet.String())
	}
	return out
}

func (n *testNS) defaultRoutes() []string {
	n.t.Helper()
	routes, err := n.handle.RouteList(nil, netlink.FAMILY_V4)
	if err != nil {
		n.t.Fatal(err)
	}
	var out []string
	for _, r := range routes {
		if r.Dst != nil && !r.Dst.IP.Equal(net.IPv4zero) {
			continue
		}
		flags := r.ListFlags()
		slices.Sort(flags)
		out = append(out, r.Gw.String()+" ["+strings.Join(flags, " ")+"] "+r.Protocol.String())
	}
	return out
}

// TestIntegrationSetMTU: a lease's MTU is set once; a second call changes
// nothing; one the device refuses is an error naming both MTUs.
func TestIntegrationSetMTU(t *testing.T) {
	n := newTestNS(t)
	n.veth("c0", "c1")
	for _, step := range []struct {
		mtu         int
		wantChanged bool
		wantErr     string
	}{
		{mtu: 1400, wantChanged: true},
		{mtu: 1400},
		{mtu: 70000, wantErr: "set the MTU of c0 to 70000 (it has 1400): "},
	} {
		changed, err := SetMTU("c0", step.mtu)
		if step.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), step.wantErr) {
				t.Errorf("SetMTU(%d) = %v, want an error starting %q", step.mtu, err, step.wantErr)
			}
			continue
		}
		if err != nil || changed != step.wantChanged {
			t.Errorf("SetMTU(%d) = %v, %v; want %v, no error", step.mtu, changed, err, step.wantChanged)
		}
	}
	if got := n.link("c0").Attrs().MTU; got != 1400 {
		t.Errorf("c0's MTU is %d, want 1400", got)
	}
}
