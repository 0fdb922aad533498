//go:build !linux

package dhcp

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"runtime"
)

func prepareSockets() {}

func openRaw(ifi *net.Interface) (net.PacketConn, error) {
	return nil, fmt.Errorf("open raw socket on %s: not supported on %s", ifi.Name, runtime.GOOS)
}

func openUnicast(iface string, local netip.Addr) (net.PacketConn, error) {
	return nil, fmt.Errorf("open UDP socket for %s on %s: not supported on %s", local, iface, runtime.GOOS)
}

func startARP(ifi *net.Interface, _ net.HardwareAddr, addr netip.Addr) (func(context.Context) (net.HardwareAddr, error), error) {
	return nil, fmt.Errorf("probe %s: not supported on %s", addr, runtime.GOOS)
}
