package dhcp

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"time"

	"github.com/airroot/airroot/internal/backoff"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

// Clock is the client's time source: Now stamps leases and measures waits,
// AfterFunc ends each wait for a reply. Tests substitute a fake.
type Clock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

// DefaultBackoff doubles the wait up to 64 s as RFC 2131 section 4.1 does, but
// starts at 1 s, as systemd-networkd's client and DHCPv6 (RFC 8415's
// SOL_TIMEOUT) do, not 4 s: the first DISCOVER on a link just up is often lost
// (on the emulated Pi 1 over Wi-Fi one boot in two lost it, and 4 s is a
// tenth of its boot). Waits: 1, 2, 4, … 64 s, ±0.5 s. A renewal or
// rebinding given a deadline waits longer while half the time left is more,
// as section 4.4.5 asks (Renew).
var DefaultBackoff = backoff.Backoff{Initial: time.Second, Max: 64 * time.Second, Jitter: 500 * time.Millisecond}

// Client runs DHCP exchanges for one interface. It holds no socket between
// exchanges: each opens its own (a packet socket for broadcasts, a raw IPv4
// socket on the leased address for unicasts), so the kernel copies no
// traffic to it while the lease merely runs.
type Client struct {
	iface    string
	ifi      *net.Interface // nil when a test gave hwaddr
	hwaddr   net.HardwareAddr
	hostname string
	clientID []byte
	clock    Clock
	backoff  backoff.Backoff
	logf     func(format string, args ...any)

	randN  func(time.Duration) time.Duration
	newXID func() dhcpv4.TransactionID

	// openBroadcast opens a transport that sends every datagram to the
	// link's broadcast address and receives whatever arrives for port 68.
	openBroadcast func() (net.PacketConn, error)
	// openUnicast opens a transport that sends datagrams from port 68 of
	// the local address and receives those for it.
	openUnicast func(local netip.Addr) (net.PacketConn, error)
	// probe starts an ARP probe of addr, its first packet sent before it
	// returns; conclude finishes it and returns the hardware address of
	// another host that uses addr, if one does (startARP).
	probe func(addr netip.Addr) (conclude func(context.Context) (net.HardwareAddr, error), err error)
}

// Option configures a Client.
type Option func(*Client)

// WithHostname sends name as our host name (option 12), so that the server
// can register it (and, with dnsmasq, resolve it).
func WithHostname(name string) Option { return func(c *Client) { c.hostname = name } }

// WithClientID sends id as the client identifier (option 61, RFC 2132
// section 9.14): its type byte, then its value, as ip='s
// "dhcp,<client-id-type>,<client-id-value>" gives it (ipconfig.Config.ClientID).
// Without it the server knows the client by its hardware address.
func WithClientID(id []byte) Option { return func(c *Client) { c.clientID = id } }

// WithClock replaces the system clock.
func WithClock(clock Clock) Option { return func(c *Client) { c.clock = clock } }

// WithBackoff replaces DefaultBackoff.
func WithBackoff(b backoff.Backoff) Option { return func(c *Client) { c.backoff = b } }

// WithLogf reports progress (retransmissions, refusals) through logf, for
// the boot console. By default the client is silent.
func WithLogf(logf func(format string, args ...any)) Option {
	return func(c *Client) { c.logf = logf }
}

// New returns a client for the interface iface, which need not have an
// address yet.
func New(iface string, opts ...Option) (*Client, error) {
	c := &Client{
		iface:       iface,
		clock:       systemClock{},
		backoff:     DefaultBackoff,
		logf:        func(string, ...any) {},
		randN:       rand.N[time.Duration],
		newXID:      randomXID,
		openUnicast: func(local netip.Addr) (net.PacketConn, error) { return openUnicast(iface, local) },
	}
	c.probe = func(addr netip.Addr) (func(context.Context) (net.HardwareAddr, error), error) {
		return startARP(c.ifi, c.hwaddr, addr)
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.hwaddr == nil {
		ifi, err := net.InterfaceByName(iface)
		if err != nil {
			return nil, fmt.Errorf("start DHCP client on %s: %w", iface, err)
		}
		c.ifi, c.hwaddr = ifi, ifi.HardwareAddr
	}
	if c.openBroadcast == nil {
		c.openBroadcast = func() (net.PacketConn, error) { return openRaw(c.ifi) }
	}
	if len(c.hwaddr) == 0 {
		return nil, fmt.Errorf("start DHCP client on %s: interface has no hardware address", iface)
	}
	return c, nil
}

// Close releases the client's resources. It holds none between exchanges, so
// Close does nothing; it exists so that callers need not know that.
func (c *Client) Close() error { return nil }

// randomXID draws a transaction id from math/rand: ids need not be secret,
// and the dhcpv4 package's own generator waits for the kernel's CRNG, which
// early in boot on a board without a hardware RNG can take minutes.
func randomXID() dhcpv4.TransactionID {
	v := rand.Uint32()
	return dhcpv4.TransactionID{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
}
