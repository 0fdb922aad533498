package dhcp

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/airroot/airroot/netboot/link"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

// errRouteTruncated reports a classless static route cut short.
var errRouteTruncated = errors.New("truncated")

// parseClasslessRoutes reads option 121's value (RFC 3442 section 3): for
// each route the destination's prefix length, the destination's significant
// octets, then the router, 0.0.0.0 for a destination on the link itself. A
// route through an address no host has (broadcast, multicast, loopback) is
// left out.
func parseClasslessRoutes(b []byte) ([]link.Route, error) {
	var routes []link.Route
	for len(b) > 0 {
		width := int(b[0])
		if width > 32 {
			return nil, fmt.Errorf("classless static route %d: prefix length %d", len(routes)+1, width)
		}
		n := (width + 7) / 8
		if len(b) < 1+n+4 {
			return nil, fmt.Errorf("classless static route %d: %w", len(routes)+1, errRouteTruncated)
		}
		var dest [4]byte
		copy(dest[:], b[1:1+n])
		route := link.Route{Dest: netip.PrefixFrom(netip.AddrFrom4(dest), width).Masked()}
		via := b[1+n : 5+n]
		b = b[5+n:]
		if !netip.AddrFrom4([4]byte(via)).IsUnspecified() {
			if route.Via = usable(via); !route.Via.IsValid() {
				continue
			}
		}
		routes = append(routes, route)
	}
	return routes, nil
}

// applyClasslessRoutes fills in l's routes from o's option 121, which RFC
// 3442 says to prefer to option 3: l's router becomes that of the option's
// default route (none if it has none), its other routes l.Routes.
func applyClasslessRoutes(l *Lease, o dhcpv4.Options) {
	routes, ok := classlessRoutes(o)
	if !ok {
		return
	}
	l.Router, l.Routes = netip.Addr{}, nil
	for _, r := range routes {
		if r.Dest.Bits() == 0 && r.Via.IsValid() && !l.Router.IsValid() {
			l.Router = r.Via
			continue
		}
		l.Routes = append(l.Routes, r)
	}
}

// classlessRoutes reads o's option 121; ok is false without one, and for a
// malformed one, which is left out (option 3 then stands), as dhcpcd does.
func classlessRoutes(o dhcpv4.Options) (routes []link.Route, ok bool) {
	v := o.Get(dhcpv4.OptionClasslessStaticRoute)
	if v == nil {
		return nil, false
	}
	routes, err := parseClasslessRoutes(v)
	return routes, err == nil
}
