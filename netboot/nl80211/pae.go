package nl80211

import (
	"fmt"
	"net"
	"sync"

	"github.com/mdlayher/packet"
)

// PAE is an AF_PACKET socket for EAPOL frames (ethertype 0x888e) on one
// interface: the way to the 4-way handshake when the wiphy cannot carry
// it over nl80211. Frames it receives reach the Client's subscriptions as
// ControlPortFrame events.
type PAE struct {
	ifindex int
	conn    *packet.Conn

	mu     sync.Mutex
	closed bool
}

// ListenPAE opens an AF_PACKET socket bound to ETH_P_PAE on interface
// ifindex.
func (c *Client) ListenPAE(ifindex int) (*PAE, error) {
	ifi, err := net.InterfaceByIndex(ifindex)
	if err != nil {
		return nil, fmt.Errorf("nl80211: open EAPOL socket on interface %d: %w", ifindex, err)
	}
	conn, err := packet.Listen(ifi, packet.Datagram, ethPPAE, nil)
	if err != nil {
		return nil, fmt.Errorf("nl80211: open EAPOL socket on %s: %w", ifi.Name, err)
	}
	p := &PAE{ifindex: ifindex, conn: conn}
	go p.read(c)
	return p, nil
}

func (p *PAE) read(c *Client) {
	buf := make([]byte, 4096)
	for {
		n, addr, err := p.conn.ReadFrom(buf)
		if err != nil {
			if !p.isClosed() {
				c.dispatch(&ErrorEvent{Ifindex: p.ifindex, Err: fmt.Errorf("nl80211: receive EAPOL frame: %w", err)})
			}
			return
		}
		src, ok := addr.(*packet.Addr)
		if !ok || len(src.HardwareAddr) != 6 {
			continue
		}
		c.dispatch(&ControlPortFrame{Ifindex: p.ifindex, Source: mac(src.HardwareAddr), Proto: ethPPAE,
			Frame: append([]byte(nil), buf[:n]...)})
	}
}

// Send transmits an EAPOL frame (from the 802.1X header on) to dst.
func (p *PAE) Send(dst net.HardwareAddr, frame []byte) error {
	if _, err := p.conn.WriteTo(frame, &packet.Addr{HardwareAddr: dst}); err != nil {
		return fmt.Errorf("nl80211: send EAPOL frame to %s: %w", dst, err)
	}
	return nil
}

// Close closes the socket.
func (p *PAE) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	return p.conn.Close()
}

func (p *PAE) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}
