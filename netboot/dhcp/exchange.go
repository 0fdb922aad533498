package dhcp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/airroot/airroot/internal/backoff"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

// Ports of RFC 2131 section 4.1.
const (
	clientPort = 68
	serverPort = 67
)

var broadcast = &net.UDPAddr{IP: net.IPv4bcast, Port: serverPort}

// maxMessage is the largest DHCP message read: an Ethernet frame's worth,
// which every server sends unfragmented.
const maxMessage = 1500

// matcher says whether a reply to our request is the one wanted.
type matcher func(*dhcpv4.DHCPv4) bool

// exchange is one request, retransmitted until a reply matches.
type exchange struct {
	conn  net.PacketConn // the caller's, open until it closes it
	dest  *net.UDPAddr
	msg   *dhcpv4.DHCPv4
	match matcher
	limit int // attempts before giving up; 0: until the context ends
	// pace is how long a request sent at now waits for a reply before it
	// is sent again, given the client's backoff for that attempt (RFC 2131
	// section 4.1); nil: that backoff.
	pace func(now time.Time, backoffWait time.Duration) time.Duration
	// listenOnly reads more replies to msg, sent already, without
	// sending it again.
	listenOnly bool

	want string // "offer" or "ACK", for the error
	what string // what the request is for, for the error; may be empty
}

// run sends x.msg and retransmits it, paced by x.pace or the client's
// backoff, until a reply matches, the context ends or x.limit attempts went
// unanswered. Its error is a *NoReplyError.
func (c *Client) run(ctx context.Context, x exchange) (*dhcpv4.DHCPv4, error) {
	buf := make([]byte, maxMessage)
	start := c.clock.Now()
	var last error
	for attempt := 1; ; attempt++ {
		now := c.clock.Now()
		x.msg.NumSeconds = uint16(min(now.Sub(start)/time.Second, 0xffff))
		wait := c.wait(x, attempt, now)
		reply, err := c.attempt(ctx, x, wait, buf)
		if reply != nil {
			return reply, nil
		}
		if err != nil {
			last = err
		}
		if ended := c.ended(ctx); ended != nil || (x.limit > 0 && attempt >= x.limit) {
			return nil, &NoReplyError{
				Interface: c.iface, Want: x.want, For: x.what,
				Attempts: attempt, Elapsed: c.clock.Now().Sub(start),
				Err: ended, Last: last,
			}
		}
		c.logf("dhcp: %s: no %s after %s, sending %s again (attempt %d)",
			c.iface, x.want, wait.Round(time.Millisecond), x.msg.MessageType(), attempt+1)
	}
}

// wait is how long attempt n of x, sent at now, waits for a reply.
func (c *Client) wait(x exchange, n int, now time.Time) time.Duration {
	d := c.backoff.Jittered(n, c.randN)
	if x.pace != nil {
		return x.pace(now, d)
	}
	return d
}

// ended returns why ctx allows no more waiting: its error, or
// context.DeadlineExceeded once its deadline has come on the client's
// clock. A wait paced up to the deadline may end a moment before the
// context does, and must not be followed by one more request.
func (c *Client) ended(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d, ok := ctx.Deadline(); ok && !c.clock.Now().Before(d) {
		return context.DeadlineExceeded
	}
	return nil
}

// renewalPace paces a RENEWING or REBINDING exchange by the time left until
// ctx's deadline (T2, or the lease's end), as RFC 2131 section 4.4.5 asks: an
// unanswered REQUEST is sent again after half of it, but never past the
// deadline. Over a long lease a silent server so gets a dozen requests, not
// hundreds, and the log a line for each. The section's floor, "down to a
// minimum of 60 seconds", is the 4.1 backoff here: with a short lease (the
// two minutes dnsmasq allows leave 45 s from T1 to T2) a minute is more than
// the time left, so one REQUEST would be all, one lost datagram over Wi-Fi
// would cost the renewal, and the next the lease. nil when ctx has no
// deadline: the backoff alone.
func renewalPace(ctx context.Context) func(time.Time, time.Duration) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return nil
	}
	return func(now time.Time, backoffWait time.Duration) time.Duration {
		return backoff.HalfLeft(deadline.Sub(now), backoffWait)
	}
}

// attempt sends x.msg once and reads, in this goroutine, until a reply
// matches or the wait ends (wait passed on the client's clock, or ctx
// ended). A failed send or read is reported after the wait, so that a link
// that is down is not flooded.
func (c *Client) attempt(ctx context.Context, x exchange, wait time.Duration, buf []byte) (*dhcpv4.DHCPv4, error) {
	w := &readWait{conn: x.conn, expired: make(chan struct{})}
	defer w.end()
	stopTimer := c.clock.AfterFunc(wait, w.expire)
	defer stopTimer()
	stopCtx := context.AfterFunc(ctx, w.expire)
	defer stopCtx()

	if !x.listenOnly {
		if _, err := x.conn.WriteTo(x.msg.ToBytes(), x.dest); err != nil {
			<-w.expired
			return nil, fmt.Errorf("send DHCP %s to %s: %w", x.msg.MessageType(), x.dest, err)
		}
	}
	for {
		n, _, err := x.conn.ReadFrom(buf)
		switch {
		case err == nil:
			if reply := c.replyTo(x, buf[:n]); reply != nil {
				return reply, nil
			}
		case w.isExpired():
			return nil, nil // no reply in time
		default:
			<-w.expired
			return nil, fmt.Errorf("read DHCP reply to %s on %s: %w", x.msg.MessageType(), c.iface, err)
		}
	}
}

// replyTo parses b and returns it if it is a reply to x's request (its
// transaction id and our hardware address) that x wants; nil otherwise.
func (c *Client) replyTo(x exchange, b []byte) *dhcpv4.DHCPv4 {
	m, err := dhcpv4.FromBytes(b)
	if err != nil || m.OpCode != dhcpv4.OpcodeBootReply || m.TransactionID != x.msg.TransactionID ||
		!bytes.Equal(m.ClientHWAddr, c.hwaddr) || !x.match(m) {
		return nil
	}
	return m
}

// readWait ends an attempt's wait: expire moves the socket's read deadline
// to the past, which ends a blocked read, until end.
type readWait struct {
	conn    net.PacketConn
	mu      sync.Mutex
	ended   bool
	expired chan struct{} // closed by expire
}

// longAgo is a read deadline that has passed.
var longAgo = time.Unix(1, 0)

func (w *readWait) expire() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ended || w.isExpired() {
		return
	}
	close(w.expired)
	w.conn.SetReadDeadline(longAgo)
}

func (w *readWait) isExpired() bool {
	select {
	case <-w.expired:
		return true
	default:
		return false
	}
}

// end stops expire from touching the socket, and clears the deadline for
// the next attempt.
func (w *readWait) end() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ended = true
	w.conn.SetReadDeadline(time.Time{})
}

// isUsableOffer matches an OFFER with an address we could take.
func isUsableOffer(m *dhcpv4.DHCPv4) bool {
	return m.MessageType() == dhcpv4.MessageTypeOffer && usable(m.YourIPAddr.To4()).IsValid()
}

// isAnswerFrom matches an ACK or NAK from server, or from any server if
// server is the zero Addr. An answer without a server identifier matches too:
// it is already tied to our request by transaction id and hardware address.
func isAnswerFrom(server netip.Addr) matcher {
	return func(m *dhcpv4.DHCPv4) bool {
		if t := m.MessageType(); t != dhcpv4.MessageTypeAck && t != dhcpv4.MessageTypeNak {
			return false
		}
		id := serverID(m)
		return !server.IsValid() || !id.IsValid() || id == server
	}
}

// answer turns an ACK into a lease or a NAK into a *NAKError.
func (c *Client) answer(reply *dhcpv4.DHCPv4, asked netip.Addr, sent time.Time) (*Lease, error) {
	if reply.MessageType() == dhcpv4.MessageTypeNak {
		return nil, &NAKError{
			Interface: c.iface,
			Server:    serverID(reply),
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
