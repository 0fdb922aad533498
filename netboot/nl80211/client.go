package nl80211

import (
	"errors"
	"fmt"
	"sync"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
)

// ErrClosed reports a request on a closed Client or Association.
var ErrClosed = errors.New("nl80211 client closed")

// Client talks to the nl80211 family. It holds one socket for requests,
// one subscribed to the "mlme", "scan" and "regulatory" multicast groups,
// and one more per Association. Events from all of them reach the
// Subscriptions. A Client is safe for concurrent use.
type Client struct {
	conn      *genetlink.Conn // requests and their replies
	events    *genetlink.Conn // multicast events
	dialOwner func() (*genetlink.Conn, error)
	family    genetlink.Family

	mu     sync.Mutex
	subs   []*Subscription
	closed bool
}

// NewClient builds a Client over existing generic netlink connections:
// conn for requests, events already a member of the "mlme", "scan" and
// "regulatory" multicast groups, and dialOwner, which opens a fresh
// connection for each Connect (the socket that owns the association).
// Dial does this with kernel sockets; tests pass genltest connections.
func NewClient(conn, events *genetlink.Conn, dialOwner func() (*genetlink.Conn, error)) (*Client, error) {
	family, err := conn.GetFamily(familyName)
	if err != nil {
		return nil, fmt.Errorf("nl80211: get generic netlink family %q (is cfg80211 loaded?): %w", familyName, err)
	}
	c := &Client{conn: conn, events: events, dialOwner: dialOwner, family: family}
	go c.read(events, 0, func() bool { return c.isClosed() })
	return c, nil
}

// Close closes the Client's sockets. Associations made through it stay
// until closed themselves.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	subs := c.subs
	c.subs = nil
	c.mu.Unlock()
	for _, s := range subs {
		s.stop()
	}
	return errors.Join(c.conn.Close(), c.events.Close())
}

func (c *Client) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// request builds a message for cmd with the attributes attrs encodes.
func (c *Client) request(cmd uint8, attrs func(ae *netlink.AttributeEncoder)) (genetlink.Message, error) {
	ae := netlink.NewAttributeEncoder()
	if attrs != nil {
		attrs(ae)
	}
	b, err := ae.Encode()
	if err != nil {
		return genetlink.Message{}, err
	}
	return genetlink.Message{Header: genetlink.Header{Command: cmd, Version: c.family.Version}, Data: b}, nil
}

// execute sends cmd on the request socket and returns the replies.
func (c *Client) execute(cmd uint8, flags netlink.HeaderFlags, attrs func(ae *netlink.AttributeEncoder)) ([]genetlink.Message, error) {
	if c.isClosed() {
		return nil, ErrClosed
	}
	msg, err := c.request(cmd, attrs)
	if err != nil {
		return nil, err
	}
	return c.conn.Execute(msg, c.family.ID, netlink.Request|flags)
}

// ack sends cmd and waits for the kernel's acknowledgement.
func (c *Client) ack(cmd uint8, attrs func(ae *netlink.AttributeEncoder)) error {
	_, err := c.execute(cmd, netlink.Acknowledge, attrs)
	return err
}

// dump sends cmd as a dump request and returns the attributes of each
// reply that carries the same command or its "new" counterpart.
func (c *Client) dump(cmd uint8, attrs func(ae *netlink.AttributeEncoder)) ([][]byte, error) {
	msgs, err := c.execute(cmd, netlink.Dump, attrs)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, m.Data)
	}
	return out, nil
}

// read receives events from conn until it fails, and hands them to the
// subscriptions. ifindex is the interface whose connection conn owns (0:
// the event socket); done tells an expected end (the socket was closed).
func (c *Client) read(conn *genetlink.Conn, ifindex int, done func() bool) {
	for {
		msgs, _, err := conn.Receive()
		if err == nil && len(msgs) == 0 && done() {
			return // a closed test connection
		}
		if err != nil {
			if done() {
				return
			}
			if isNoBufs(err) {
				// The socket's buffer overflowed and events were lost;
				// the subscribers' timeouts cover what went missing.
				continue
			}
			c.dispatch(&ErrorEvent{Ifindex: ifindex, Err: fmt.Errorf("nl80211: receive events: %w", err)})
			return
		}
		for _, m := range msgs {
			ev, err := ParseEvent(m.Header.Command, m.Data)
			if err != nil || ev == nil {
				continue
			}
			c.dispatch(ev)
		}
	}
}
