package dhcp

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"github.com/airroot/airroot/netboot/link"
	"net"
	"net/netip"
	"time"
)

// The ARP probe of an address before it is used (RFC 5227 section 2.1.1).
// The RFC sends PROBE_NUM (3) probes 1 to 2 s apart after a random wait of
// up to 1 s, and concludes 2 s after the last: 4 to 9 s, a fifth of a Pi's
// boot. The random wait spreads hosts powered on together, which the DHCP
// exchange's jitter already does; what matters is several probes, for one
// may be lost on Wi-Fi, and time for the owner to answer. An awake host on
// the link answers within milliseconds; one in Wi-Fi power save hears a
// broadcast only after the next DTIM beacon (the beacon interval, 102.4 ms,
// times the DTIM period, 1 to 3 on home and office access points: at most
// some 310 ms) and answers at once. So: 3 probes 100 ms apart and an answer
// awaited until 400 ms after the first, which every such owner meets, and
// which costs each boot 0.4 s of its DHCP step instead of the RFC's 4 to 9.
const (
	probeCount    = 3
	probeInterval = 100 * time.Millisecond
	probeWait     = 400 * time.Millisecond
)

// announceWait is RFC 5227's ANNOUNCE_WAIT: the longest a probe's verdict
// stands before the address is used (section 2.1.1).
const announceWait = 2 * time.Second

// check makes sure that no other host uses the address l grants before it is
// configured (RFC 2131 section 4.4.1). early is the probe take started at the
// OFFER, or nil: its verdict stands if it probed l's address and is recent;
// if the ACK names another address, that one is probed now. So is the same
// address when the ACK came after retransmissions: RFC 5227 section 2.1.1
// claims an address ANNOUNCE_WAIT (2 s) after its last probe, and a verdict
// is not left to age longer than that before the address is used. If a host
// answers the ARP probe, check DECLINEs the address and returns an
// *AddressInUseError, and Acquire starts over. A probe that cannot run is
// logged and the address taken, as udhcpc does: the lease is still the
// server's word.
func (c *Client) check(ctx context.Context, l *Lease, early *probing) error {
	addr := l.Address.Addr()
	p := early
	if p != nil && (p.addr != addr || c.clock.Now().Sub(p.started) > probeWait+announceWait) {
		p.stop()
		p = nil
	}
	if p == nil {
		p = c.startProbe(ctx, addr)
		defer p.stop()
	}
	owner, err := p.result()
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("probe %s on %s: %w", addr, c.iface, ctx.Err())
	case err != nil:
		c.logf("dhcp: %s: %v; taking %s unchecked", c.iface, err, addr)
		return nil
	case owner == nil:
		return nil
	}
	inUse := &AddressInUseError{Interface: c.iface, Address: addr, Owner: owner, Server: l.ServerID}
	if err := c.sendDecline(l); err != nil {
		inUse.DeclineErr = err
	}
	return inUse
}

// probing is an ARP probe of addr that runs beside the DHCP exchange.
type probing struct {
	addr    netip.Addr
	started time.Time // on the client's clock
	cancel  context.CancelFunc
	done    chan struct{} // closed when the probe is over
	owner   net.HardwareAddr
	err     error
}

// startProbe sends the first ARP probe for addr in this goroutine and leaves
// the rest of the probe to another; stop it when done with it.
func (c *Client) startProbe(ctx context.Context, addr netip.Addr) *probing {
	p := &probing{addr: addr, started: c.clock.Now(), cancel: func() {}, done: make(chan struct{})}
	conclude, err := c.probe(addr)
	if err != nil {
		p.err = err
		close(p.done)
		return p
	}
	ctx, p.cancel = context.WithCancel(ctx)
	go func() {
		defer close(p.done)
		p.owner, p.err = conclude(ctx)
	}()
	return p
}

// result waits for the probe's verdict: another host's hardware address, or
// nil if none answered.
func (p *probing) result() (net.HardwareAddr, error) {
	<-p.done
	return p.owner, p.err
}

// stop ends the probe if it still runs and waits until it has.
func (p *probing) stop() {
	p.cancel()
	<-p.done
}

// sendDecline broadcasts a DHCPDECLINE for l's address; nothing answers it.
func (c *Client) sendDecline(l *Lease) error {
	conn, err := c.openBroadcast()
	if err != nil {
		return fmt.Errorf("decline %s on %s: %w", l.Address.Addr(), c.iface, err)
	}
	defer conn.Close()
	var xid [4]byte
	if l.ACK != nil {
		xid = l.ACK.TransactionID
	}
	m := c.decline(xid, l.Address.Addr(), l.ServerID)
	if _, err := conn.WriteTo(m.ToBytes(), broadcast); err != nil {
		return fmt.Errorf("decline %s on %s: send: %w", l.Address.Addr(), c.iface, err)
	}
	return nil
}

// ARP over Ethernet for IPv4 (RFC 826): the packet a Datagram packet socket
// of type ETH_P_ARP reads and writes, without the Ethernet header.
const (
	arpLen     = 28
	arpRequest = 1
)

// arpProbe is an ARP probe for addr from hardware address mine: a request
// with the sender's IP address all zeros (RFC 5227 section 2.1.1), so that no
// host's ARP cache learns the address before it is ours.
func arpProbe(mine net.HardwareAddr, addr netip.Addr) []byte {
	return link.ARPRequest(mine, netip.IPv4Unspecified(), addr)
}

// arpConflict reads an ARP packet received while probing addr and returns
// the other host's hardware address if it shows that host using or claiming
// addr (RFC 5227 section 2.1.1): any packet with addr as sender IP address,
// or another host's probe for addr. Our own packets (sender mine) never
// conflict.
func arpConflict(p []byte, addr netip.Addr, mine net.HardwareAddr) net.HardwareAddr {
	if len(p) < arpLen || binary.BigEndian.Uint16(p[0:2]) != 1 ||
		binary.BigEndian.Uint16(p[2:4]) != 0x0800 || p[4] != 6 || p[5] != 4 {
		return nil
	}
	sha := net.HardwareAddr(bytes.Clone(p[8:14]))
	spa, tpa := netip.AddrFrom4([4]byte(p[14:18])), netip.AddrFrom4([4]byte(p[24:28]))
	probe := binary.BigEndian.Uint16(p[6:8]) == arpRequest && spa.IsUnspecified() && tpa == addr
	if bytes.Equal(sha, mine) || (spa != addr && !probe) {
		return nil
	}
	return sha
}
