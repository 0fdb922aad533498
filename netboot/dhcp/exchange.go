package dhcp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/dhcpv4/nclient4"
)

// Ports of RFC 2131 section 4.1.
const (
	clientPort = 68
	serverPort = 67
)

var broadcast = &net.UDPAddr{IP: net.IPv4bcast, Port: serverPort}

// replyTimeout is nclient4's own wait per send; ours (the backoff, on our
// clock) always ends first.
const replyTimeout = 24 * time.Hour

// exchange is one request, retransmitted until a reply matches.
type exchange struct {
	conn  net.PacketConn // closed when the exchange ends
	dest  *net.UDPAddr
	msg   *dhcpv4.DHCPv4
	match nclient4.Matcher
	limit int // attempts before giving up; 0: until the context ends

	want string // "offer" or "ACK", for the error
	what string // what the request is for, for the error; may be empty
}

// run sends x.msg and retransmits it with backoff until a reply matches, the
// context ends or x.limit attempts went unanswered. Its error is a
// *NoReplyError, or the failure to set up the exchange.
func (c *Client) run(ctx context.Context, x exchange) (*dhcpv4.DHCPv4, error) {
	nc, err := nclient4.NewWithConn(x.conn, c.hwaddr, nclient4.WithRetry(1), nclient4.WithTimeout(replyTimeout))
	if err != nil {
		x.conn.Close()
		return nil, fmt.Errorf("start DHCP exchange on %s: %w", c.iface, err)
	}
	defer nc.Close()

	start := c.clock.Now()
	var last error
	for attempt := 1; ; attempt++ {
		x.msg.NumSeconds = uint16(min(c.clock.Now().Sub(start)/time.Second, 0xffff))
		wait := c.backoff.Jittered(attempt, c.randN)
		reply, err := c.attempt(ctx, nc, x, wait)
		if reply != nil {
			return reply, nil
		}
		if err != nil {
			last = err
		}
		if ctx.Err() != nil || (x.limit > 0 && attempt >= x.limit) {
			return nil, &NoReplyError{
				Interface: c.iface, Want: x.want, For: x.what,
				Attempts: attempt, Elapsed: c.clock.Now().Sub(start),
				Err: ctx.Err(), Last: last,
			}
		}
		c.logf("dhcp: %s: no %s after %s, sending %s again (attempt %d)",
			c.iface, x.want, wait.Round(time.Millisecond), x.msg.MessageType(), attempt+1)
	}
}

// attempt sends x.msg once and waits, at most wait, for a matching reply. A
// send that fails is reported after the wait, so that a link that is down
// is not flooded.
func (c *Client) attempt(ctx context.Context, nc *nclient4.Client, x exchange, wait time.Duration) (*dhcpv4.DHCPv4, error) {
	waitCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := c.clock.AfterFunc(wait, cancel)
	defer stop()

	reply, err := nc.SendAndRead(waitCtx, x.dest, x.msg, x.match)
	if err == nil {
		return reply, nil
	}
	if waitCtx.Err() != nil {
		return nil, nil // no reply in time
	}
	<-waitCtx.Done()
	return nil, fmt.Errorf("send DHCP %s to %s: %w", x.msg.MessageType(), x.dest, err)
}

// isUsableOffer matches an OFFER with an address we could take.
func isUsableOffer(m *dhcpv4.DHCPv4) bool {
	return m.MessageType() == dhcpv4.MessageTypeOffer && usable(m.YourIPAddr.To4()).IsValid()
}

// isAnswerFrom matches an ACK or NAK from server, or from any server if
// server is the zero Addr. An answer without a server identifier matches too:
// it is already tied to our request by transaction id and hardware address.
func isAnswerFrom(server netip.Addr) nclient4.Matcher {
	return func(m *dhcpv4.DHCPv4) bool {
		if t := m.MessageType(); t != dhcpv4.MessageTypeAck && t != dhcpv4.MessageTypeNak {
			return false
		}
		id := first(optAddrs(m.Options, dhcpv4.OptionServerIdentifier))
		return !server.IsValid() || !id.IsValid() || id == server
	}
}

// answer turns an ACK into a lease or a NAK into a *NAKError.
func (c *Client) answer(reply *dhcpv4.DHCPv4, asked netip.Addr, sent time.Time) (*Lease, error) {
	if reply.MessageType() == dhcpv4.MessageTypeNak {
		return nil, &NAKError{
			Interface: c.iface,
			Server:    first(optAddrs(reply.Options, dhcpv4.OptionServerIdentifier)),
			Address:   asked,
			Message:   optString(reply.Options, dhcpv4.OptionMessage),
		}
	}
	l, err := leaseFromACK(reply)
	if err != nil {
		return nil, fmt.Errorf("DHCP ACK on %s for %s: %w", c.iface, asked, err)
	}
	l.Interface, l.Acquired = c.iface, sent
	return &l, nil
}

// errNoServerID is returned by Renew and Release for a lease that names no
// server.
var errNoServerID = errors.New("lease names no DHCP server")
