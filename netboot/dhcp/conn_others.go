//go:build !linux

package dhcp

import (
	"fmt"
	"net"
	"runtime"
)

func openRaw(iface string) (net.PacketConn, error) {
	return nil, fmt.Errorf("open raw socket on %s: not supported on %s", iface, runtime.GOOS)
}
