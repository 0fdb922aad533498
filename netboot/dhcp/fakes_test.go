package dhcp

import (
	"context"
	"net"
	"net/netip"
	"os"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// datagram is a DHCP message seen on the fake network.
type datagram struct {
	from, to netip.AddrPort
	msg      *dhcpv4.DHCPv4
}

// network is an in-memory link: client sockets on one side, a DHCP server
// (a function from request to reply) on the other. Client sockets bound to
// 0.0.0.0 behave like the raw socket (they see every reply); sockets bound to
// an address see only replies sent to it.
type network struct {
	serve func(req *dhcpv4.DHCPv4) *dhcpv4.DHCPv4
	// onSend, if set, runs after each client datagram reached the server,
	// in the sending goroutine; tests advance the clock from it.
	onSend func(n int, d datagram)

	mu     sync.Mutex
	owners map[netip.Addr]net.HardwareAddr // other hosts' addresses, answering ARP
	probed []netip.Addr                    // addresses probed so far
	events []string                        // see eventLog
	open   map[*endpoint]bool
	sent   []datagram
	nopen  int // sockets opened so far
}

func newNetwork(serve func(*dhcpv4.DHCPv4) *dhcpv4.DHCPv4) *network {
	return &network{serve: serve, open: map[*endpoint]bool{}, owners: map[netip.Addr]net.HardwareAddr{}}
}

// transport makes c use the network and the hardware address hw.
func (n *network) transport(hw net.HardwareAddr) Option {
	return func(c *Client) {
		c.hwaddr = hw
		c.openBroadcast = func() (net.PacketConn, error) {
			return n.listen(netip.AddrPortFrom(netip.IPv4Unspecified(), clientPort)), nil
		}
		c.openUnicast = func(local netip.Addr) (net.PacketConn, error) {
			return n.listen(netip.AddrPortFrom(local, clientPort)), nil
		}
		c.probe = n.probe
	}
}

// probe starts an ARP probe for addr; its verdict is the hardware address
// of the other host that has addr when the first probe goes, if any.
func (n *network) probe(addr netip.Addr) (func(context.Context) (net.HardwareAddr, error), error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.probed = append(n.probed, addr)
	n.events = append(n.events, "probe "+addr.String())
	owner := n.owners[addr]
	return func(ctx context.Context) (net.HardwareAddr, error) { return owner, ctx.Err() }, nil
}

// record notes an event on the link, in the order the client caused it.
func (n *network) record(event string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.events = append(n.events, event)
}

// eventLog returns the events so far: "send TYPE" as the client sends a
// message, "read TYPE" as it reads a reply, "close" as it closes a socket,
// "probe ADDR" as its first ARP probe goes.
func (n *network) eventLog() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.events...)
}

func (n *network) listen(local netip.AddrPort) *endpoint {
	e := &endpoint{net: n, local: local, in: make(chan datagram, 16), done: make(chan struct{}), expired: make(chan struct{})}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.open[e] = true
	n.nopen++
	return e
}

// datagrams returns what clients sent so far.
func (n *network) datagrams() []datagram {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]datagram(nil), n.sent...)
}

// openSockets returns how many client sockets are open.
func (n *network) openSockets() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.open)
}

func (n *network) send(d datagram) {
	n.mu.Lock()
	n.sent = append(n.sent, d)
	n.events = append(n.events, "send "+d.msg.MessageType().String())
	count := len(n.sent)
	n.mu.Unlock()
	if reply := n.serve(d.msg); reply != nil {
		n.deliver(reply, replyDest(d.msg))
	}
	if n.onSend != nil {
		n.onSend(count, d)
	}
}

// replyDest is where a server answers req: ciaddr if set, else broadcast.
func replyDest(req *dhcpv4.DHCPv4) netip.AddrPort {
	if a := usable(req.ClientIPAddr.To4()); a.IsValid() {
		return netip.AddrPortFrom(a, clientPort)
	}
	return netip.AddrPortFrom(netip.AddrFrom4([4]byte{255, 255, 255, 255}), clientPort)
}

func (n *network) deliver(reply *dhcpv4.DHCPv4, to netip.AddrPort) {
	n.mu.Lock()
	defer n.mu.Unlock()
	from := netip.AddrPortFrom(serverAddr, serverPort)
	for e := range n.open {
		if e.local.Addr().IsUnspecified() || e.local.Addr() == to.Addr() {
			select {
			case e.in <- datagram{from: from, to: to, msg: reply}:
			default:
			}
		}
	}
}

// endpoint is a client socket on a network.
type endpoint struct {
	net   *network
	local netip.AddrPort
	in    chan datagram
	done  chan struct{}
	once  sync.Once

	mu      sync.Mutex
	expired chan struct{} // closed while the read deadline is past
}

func (e *endpoint) ReadFrom(b []byte) (int, net.Addr, error) {
	e.mu.Lock()
	expired := e.expired
	e.mu.Unlock()
	select {
	case d := <-e.in:
		e.net.record("read " + d.msg.MessageType().String())
		return copy(b, d.msg.ToBytes()), net.UDPAddrFromAddrPort(d.from), nil
	case <-e.done:
		return 0, nil, net.ErrClosed
	case <-expired:
		return 0, nil, os.ErrDeadlineExceeded
	}
}

// SetReadDeadline knows the two deadlines the client sets: one in the past
// (end the read now) and none.
func (e *endpoint) SetReadDeadline(t time.Time) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	past := !t.IsZero() && t.Before(time.Now())
	select {
	case <-e.expired:
		if !past {
			e.expired = make(chan struct{})
		}
	default:
		if past {
			close(e.expired)
		}
	}
	return nil
}

func (e *endpoint) WriteTo(b []byte, addr net.Addr) (int, error) {
	msg, err := dhcpv4.FromBytes(b)
	if err != nil {
		return 0, err
	}
	to := addr.(*net.UDPAddr).AddrPort()
	to = netip.AddrPortFrom(to.Addr().Unmap(), to.Port())
	e.net.send(datagram{from: e.local, to: to, msg: msg})
	return len(b), nil
}

func (e *endpoint) Close() error {
	e.once.Do(func() {
		e.net.record("close")
		close(e.done)
		e.net.mu.Lock()
		delete(e.net.open, e)
		e.net.mu.Unlock()
	})
	return nil
}

func (e *endpoint) LocalAddr() net.Addr              { return net.UDPAddrFromAddrPort(e.local) }
func (e *endpoint) SetDeadline(time.Time) error      { return nil }
func (e *endpoint) SetWriteDeadline(time.Time) error { return nil }

// fakeClock is a Clock that moves only when told to.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
	waits  []time.Duration // every AfterFunc duration, in order
	// onTimer, if set, runs after each AfterFunc, in the caller's goroutine.
	onTimer func(d time.Duration)
	// autoAdvance are durations whose timers run out at once: waits no
	// test server ends (newHarness: preferOfferWait, for a better offer).
	autoAdvance []time.Duration
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	c.waits = append(c.waits, d)
	hook, auto := c.onTimer, slices.Contains(c.autoAdvance, d)
	c.mu.Unlock()
	if hook != nil {
		hook(d)
	}
	if auto {
		c.Advance(d)
	}
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !t.stopped
		t.stopped = true
		return was
	}
}

// Advance moves the clock on by d and runs the timers that became due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []*fakeTimer
	kept := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.stopped:
		case !t.at.After(c.now):
			t.stopped = true
			due = append(due, t)
		default:
			kept = append(kept, t)
		}
	}
	c.timers = kept
	c.mu.Unlock()
	sort.Slice(due, func(i, j int) bool { return due[i].at.Before(due[j].at) })
	for _, t := range due {
		t.f()
	}
}

// lastWait is the duration of the newest timer.
func (c *fakeClock) lastWait() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waits[len(c.waits)-1]
}

// allWaits returns every timer duration asked for so far.
func (c *fakeClock) allWaits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}
