package dhcp

import (
	"fmt"
	"net"

	"github.com/insomniacslk/dhcp/dhcpv4/nclient4"
)

// openRaw opens a packet socket on iface that broadcasts UDP datagrams from
// port 68 and receives those for port 68, whether or not iface has an address.
func openRaw(iface string) (net.PacketConn, error) {
	conn, err := nclient4.NewRawUDPConn(iface, clientPort)
	if err != nil {
		return nil, fmt.Errorf("open raw socket on %s: %w", iface, err)
	}
	return conn, nil
}
