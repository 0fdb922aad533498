//go:build !linux

package link

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"runtime"
)

// Up sets IFF_UP on the interface name; only on Linux.
func Up(name string) error {
	return fmt.Errorf("bring up %s: not supported on %s", name, runtime.GOOS)
}

// LoopbackUp brings up lo; only on Linux.
func LoopbackUp() error { return Up("lo") }

// WaitCarrier waits until the interface name has carrier; only on Linux.
func WaitCarrier(ctx context.Context, name string) error {
	return fmt.Errorf("wait for carrier on %s: not supported on %s", name, runtime.GOOS)
}

// FollowCarrier reports the interface name's carrier changes; only on Linux.
func FollowCarrier(ctx context.Context, name string, changed func(up bool)) error {
	return fmt.Errorf("follow carrier on %s: not supported on %s", name, runtime.GOOS)
}

// FindEthernet returns the first wired interface to get carrier; only on Linux.
func FindEthernet(ctx context.Context) (string, error) {
	return "", fmt.Errorf("find Ethernet interface: not supported on %s", runtime.GOOS)
}

// Configure gives the interface name an address and a default route; only on Linux.
func Configure(name string, addr netip.Prefix, gw netip.Addr, routes ...Route) error {
	return fmt.Errorf("configure %s: not supported on %s", name, runtime.GOOS)
}

// SetMTU sets the interface name's MTU; only on Linux.
func SetMTU(name string, mtu int) (bool, error) {
	return false, fmt.Errorf("set the MTU of %s: not supported on %s", name, runtime.GOOS)
}

// Reresolve asks again for the unresolved neighbours of ifi; only on Linux.
func Reresolve(ifi *net.Interface) ([]netip.Addr, error) {
	return nil, fmt.Errorf("ARP on %s: not supported on %s", ifi.Name, runtime.GOOS)
}
