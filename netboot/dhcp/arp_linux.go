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

// startARP opens an ARP socket on ifi and sends the first probe for addr, in
// the caller's goroutine (and so in its thread's network namespace); the
// conclude function it returns sends the others and returns the hardware
// address of a host that answers or probes for addr too, nil if none does
// within probeWait of the first probe. The socket receives from its opening,
// so an answer that comes before conclude reads is kept. conclude closes the
// socket: call it once.
func startARP(ifi *net.Interface, mine net.HardwareAddr, addr netip.Addr) (conclude func(context.Context) (net.HardwareAddr, error), err error) {
	if ifi == nil {
		return nil, fmt.Errorf("probe %s: no interface", addr)
	}
	conn, err := packet.Listen(ifi, packet.Datagram, unix.ETH_P_ARP, nil)
	if err != nil {
		return nil, fmt.Errorf("probe %s on %s: %w", addr, ifi.Name, err)
	}
	p := &arpProber{conn: conn, iface: ifi.Name, mine: mine, addr: addr, probe: arpProbe(mine, addr)}
	p.end = time.Now().Add(probeWait)
	if err := p.send(); err != nil {
		conn.Close()
		return nil, err
	}
	return p.conclude, nil
}

// arpProber is one probe of an address under way (RFC 5227 section 2.1.1).
type arpProber struct {
	conn  *packet.Conn
	iface string
	mine  net.HardwareAddr
	addr  netip.Addr
	probe []byte
	end   time.Time // when the answer is no longer awaited
}

var ethernetBroadcast = net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

func (p *arpProber) send() error {
	if _, err := p.conn.WriteTo(p.probe, &packet.Addr{HardwareAddr: ethernetBroadcast}); err != nil {
		return fmt.Errorf("probe %s on %s: send: %w", p.addr, p.iface, err)
	}
	return nil
}

// conclude awaits answers to the first probe, sends the others probeInterval
// apart, and awaits answers until p.end; it ends early if ctx does. It
// returns without waiting for the socket to close: closing a packet socket
// waits for an RCU grace period (packet_release's synchronize_net), some
// 30 ms on an emulated board, by which the verdict need not wait.
func (p *arpProber) conclude(ctx context.Context) (net.HardwareAddr, error) {
	defer func() { go p.conn.Close() }()
	stop := context.AfterFunc(ctx, func() { p.conn.SetReadDeadline(longAgo) })
	defer stop()
	for i := range probeCount {
		if i > 0 {
			if err := p.send(); err != nil {
				return nil, err
			}
		}
		until := p.end
		if i < probeCount-1 {
			until = time.Now().Add(probeInterval)
		}
		if owner, err := p.readConflict(until); owner != nil || err != nil || ctx.Err() != nil {
			return owner, err
		}
	}
	return nil, nil
}

// readConflict reads ARP packets until t and returns the first conflicting
// sender.
func (p *arpProber) readConflict(t time.Time) (net.HardwareAddr, error) {
	if err := p.conn.SetReadDeadline(t); err != nil {
		return nil, err
	}
	buf := make([]byte, 1500)
	for {
		n, _, err := p.conn.ReadFrom(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("probe %s: read: %w", p.addr, err)
		}
		if owner := arpConflict(buf[:n], p.addr, p.mine); owner != nil {
			return owner, nil
		}
	}
}
