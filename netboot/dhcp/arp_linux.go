package dhcp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"time"

	"github.com/mdlayher/packet"
	"golang.org/x/sys/unix"
)

// probeARP sends ARP probes for addr on iface and returns the hardware
// address of a host that answers or probes for it too, nil if none does
// within probeWait.
func probeARP(ctx context.Context, iface string, mine net.HardwareAddr, addr netip.Addr) (net.HardwareAddr, error) {
	ifi, err := net.InterfaceByName(iface)
	if err != nil {
		return nil, fmt.Errorf("probe %s on %s: %w", addr, iface, err)
	}
	conn, err := packet.Listen(ifi, packet.Datagram, unix.ETH_P_ARP, nil)
	if err != nil {
		return nil, fmt.Errorf("probe %s on %s: %w", addr, iface, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(longAgo) })
	defer stop()

	end := time.Now().Add(probeWait)
	probe := arpProbe(mine, addr)
	for i := range probeCount {
		if _, err := conn.WriteTo(probe, &packet.Addr{HardwareAddr: ethernetBroadcast}); err != nil {
			return nil, fmt.Errorf("probe %s on %s: send: %w", addr, iface, err)
		}
		until := end
		if i < probeCount-1 {
			until = time.Now().Add(probeInterval)
		}
		if owner, err := readConflict(conn, until, addr, mine); owner != nil || err != nil {
			return owner, err
		}
	}
	return nil, nil
}

var ethernetBroadcast = net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// readConflict reads ARP packets until t and returns the first conflicting
// sender.
func readConflict(conn *packet.Conn, t time.Time, addr netip.Addr, mine net.HardwareAddr) (net.HardwareAddr, error) {
	if err := conn.SetReadDeadline(t); err != nil {
		return nil, err
	}
	buf := make([]byte, 1500)
	for {
		n, _, err := conn.ReadFrom(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("probe %s: read: %w", addr, err)
		}
		if owner := arpConflict(buf[:n], addr, mine); owner != nil {
			return owner, nil
		}
	}
}
