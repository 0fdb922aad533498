package dhcp

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/airroot/airroot/internal/backoff"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

// selectingAttempts is how many times the REQUEST for an offer is sent
// before starting over with a DISCOVER (RFC 2131 section 4.4.1).
const selectingAttempts = 4

// restartPause is how long Acquire first waits before starting over, so
// that a server that keeps refusing or sending unusable ACKs is not flooded
// (RFC 2131 section 3.1.5 asks for ten seconds after a DECLINE). Each further
// restart waits twice as long, up to a minute, as dhcpcd backs off NAKs.
const restartPause = 10 * time.Second

var restartBackoff = backoff.Backoff{Initial: restartPause, Max: time.Minute}

// Acquire obtains a new lease: DISCOVER, OFFER, REQUEST, ACK (RFC 2131
// section 4.4.1), retransmitting with backoff until the context ends. A NAK,
// an unusable ACK, an address another host answers ARP for (DECLINEd) or an
// offer whose REQUEST goes unanswered starts over with a DISCOVER after a
// pause (restartPause, doubling). Its error is a *NoReplyError naming what was
// waited for and how long, or the last failure if the context ended during
// the pause.
func (c *Client) Acquire(ctx context.Context) (*Lease, error) {
	return c.acquire(ctx, netip.Addr{}, false)
}

// Reacquire is Acquire asking for addr again: its DISCOVERs carry addr as
// the requested address (option 50, RFC 2131 section 4.4.1), which servers
// grant when it is free. It is INIT after a lease was NAKed or expired: an
// NFS root carries on only with the address it had. Getting addr itself back
// is not probed with ARP: the caller never stopped using it on this link, so
// it is not an address it begins to use (RFC 5227 section 2.1); another host
// claiming it is what ongoing conflict detection (section 2.4) is for.
func (c *Client) Reacquire(ctx context.Context, addr netip.Addr) (*Lease, error) {
	return c.acquire(ctx, addr, false)
}

// Reclaim is Reacquire for addr alone: when the server offers another
// address, Reclaim does not REQUEST it and returns a *MovedError. An offer
// not taken needs no answer (RFC 2131 section 4.4.1: the client chooses among
// offers; the server frees what is not requested). It is INIT while the
// lease on addr still runs and an NFS root is mounted over it.
func (c *Client) Reclaim(ctx context.Context, addr netip.Addr) (*Lease, error) {
	return c.acquire(ctx, addr, true)
}

func (c *Client) acquire(ctx context.Context, want netip.Addr, only bool) (*Lease, error) {
	start := c.clock.Now()
	var last error
	for restart := 1; ; restart++ {
		// One socket for the DISCOVERs and the REQUESTs.
		conn, err := c.openBroadcast()
		if err != nil {
			return nil, fmt.Errorf("discover DHCP server on %s: %w", c.iface, err)
		}
		discover := c.discover(want)
		offer, err := c.offer(ctx, conn, discover)
		if err == nil && want.IsValid() && usable(offer.YourIPAddr.To4()) != want {
			offer = c.preferWanted(ctx, conn, discover, offer, want)
		}
		if err == nil && only {
			err = c.movedFrom(want, offer)
		}
		if err != nil {
			conn.Close()
			var noReply *NoReplyError
			if errors.As(err, &noReply) {
				noReply.Elapsed = c.clock.Now().Sub(start)
				noReply.Last = cmp.Or(noReply.Last, last)
			}
			return nil, err
		}
		lease, err := c.take(ctx, conn, offer, want)
		if err == nil || ctx.Err() != nil {
			return lease, err
		}
		pause := restartBackoff.Delay(restart)
		c.logf("dhcp: %s: %v; starting over in %s", c.iface, err, pause)
		last = err
		if c.pause(ctx, pause) != nil {
			return nil, err
		}
	}
}

// pause waits d on the client's clock, or until the context ends.
func (c *Client) pause(ctx context.Context, d time.Duration) error {
	done := make(chan struct{})
	stop := c.clock.AfterFunc(d, func() { close(done) })
	defer stop()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// offer broadcasts DISCOVERs (asking for want, if valid) until a usable
// OFFER comes.
func (c *Client) offer(ctx context.Context, conn net.PacketConn, discover *dhcpv4.DHCPv4) (*dhcpv4.DHCPv4, error) {
	return c.run(ctx, exchange{
		conn: conn, dest: broadcast, msg: discover, match: isUsableOffer,
		want: "offer",
	})
}

// preferOfferWait is how long a client that wants its address back waits
// for another server's offer of it, after a first offer of another address.
const preferOfferWait = time.Second

// preferWanted returns another server's offer of want, in answer to
// discover, if one comes within preferOfferWait on conn, else offer. With
// two servers on a link (a router's and a Pi-hole's), the one that does not
// know the board may answer first; RFC 2131 4.4.1 lets a client choose
// among the offers, and an NFS root carries on only on the address it had.
func (c *Client) preferWanted(ctx context.Context, conn net.PacketConn, discover, offer *dhcpv4.DHCPv4, want netip.Addr) *dhcpv4.DHCPv4 {
	isWanted := func(m *dhcpv4.DHCPv4) bool { return isUsableOffer(m) && usable(m.YourIPAddr.To4()) == want }
	x := exchange{conn: conn, msg: discover, match: isWanted, listenOnly: true}
	better, _ := c.attempt(ctx, x, preferOfferWait, make([]byte, maxMessage))
	if better == nil {
		return offer
	}
	c.logf("dhcp: %s: %s offers %s again: taken over %s's offer of %s", c.iface, serverID(better), want,
		serverID(offer), usable(offer.YourIPAddr.To4()))
	return better
}

// movedFrom returns a *MovedError if offer is for another address than want.
func (c *Client) movedFrom(want netip.Addr, offer *dhcpv4.DHCPv4) error {
	if got := usable(offer.YourIPAddr.To4()); got != want {
		server := serverID(offer)
		return &MovedError{Interface: c.iface, HardwareAddr: c.hwaddr, Wanted: want, Offered: got, Server: server}
	}
	return nil
}

// take requests an offered address on conn, which it closes, and, unless
// the address is held (the caller still uses it), probes it.
//
// The probe starts at the OFFER and runs while the REQUEST and its ACK are
// on their way, so that the exchange costs no more than the probe's wait.
// RFC 5227 section 2.1 asks that an address be tested before it is used, not
// after it is granted: a probe tests the address, whichever message names
// it, and says nothing of us to the link (its sender address is zero), and
// the address is used only once Acquire returns, after the probe's verdict.
// An ACK for the offered address therefore needs no second probe; one that
// names another address has that one probed after it, as any ACK was. A
// conflict still DECLINEs the address after the ACK (RFC 2131 section
// 4.4.1), when the server has bound it to us; a NAK ends the probe unheard.
//
// conn is closed as soon as the REQUEST is answered, while the probe waits:
// closing a packet socket waits for an RCU grace period (packet_release's
// synchronize_net), some 30 ms on an emulated board, which the probe's
// wait hides, as does the one-time loading of the sockets' filter program
// (prepareSockets), left until now. A DECLINE opens its own socket.
func (c *Client) take(ctx context.Context, conn net.PacketConn, offer *dhcpv4.DHCPv4, held netip.Addr) (*Lease, error) {
	server := serverID(offer)
	addr := usable(offer.YourIPAddr.To4())
	var early *probing
	if addr != held {
		early = c.startProbe(ctx, addr)
		defer early.stop()
	}
	sent := c.clock.Now()
	reply, err := c.run(ctx, exchange{
		conn: conn, dest: broadcast, msg: c.selecting(offer, server),
		match: isAnswerFrom(server), limit: selectingAttempts,
		want: "ACK", what: offerDescription(addr, server),
	})
	conn.Close()
	go prepareSockets()
	if err != nil {
		return nil, err
	}
	lease, err := c.answer(reply, addr, sent)
	if err != nil {
		return nil, err
	}
	if !lease.ServerID.IsValid() {
		lease.ServerID = server
	}
	if lease.Address.Addr() == held {
		return lease, nil // in use by us all along: see Reacquire
	}
	if err := c.check(ctx, lease, early); err != nil {
		return nil, err
	}
	return lease, nil
}

func offerDescription(addr, server netip.Addr) string {
	if !server.IsValid() {
		return "for " + addr.String()
	}
	return fmt.Sprintf("for %s from %s", addr, server)
}

// Renew extends l with the server that granted it (RENEWING, RFC 2131
// section 4.4.5): a REQUEST unicast from l's address, which must be
// configured on the interface. Call it at T1 with a context that ends at T2:
// an unanswered REQUEST is sent again after half the time left until then,
// at least the client's backoff, and not past it (renewalPace); without a
// deadline, with the backoff alone. The new lease keeps what l knew that
// the ACK omits.
func (c *Client) Renew(ctx context.Context, l *Lease) (*Lease, error) {
	addr := l.Address.Addr()
	if !l.ServerID.IsValid() {
		return nil, fmt.Errorf("renew DHCP lease %s on %s: %w", addr, c.iface, errNoServerID)
	}
	prepareSockets()
	conn, err := c.openUnicast(addr)
	if err != nil {
		return nil, fmt.Errorf("renew DHCP lease %s on %s: %w", addr, c.iface, err)
	}
	defer conn.Close()
	sent := c.clock.Now()
	reply, err := c.run(ctx, exchange{
		conn: conn, dest: net.UDPAddrFromAddrPort(netip.AddrPortFrom(l.ServerID, serverPort)),
		msg: c.extending(addr), match: isAnswerFrom(l.ServerID), pace: renewalPace(ctx),
		want: "ACK", what: fmt.Sprintf("renewing %s with %s", addr, l.ServerID),
	})
	if err != nil {
		return nil, err
	}
	return c.extended(l, reply, sent)
}

// Rebind extends l with any server (REBINDING, RFC 2131 section 4.4.5): a
// REQUEST broadcast with l's address as ciaddr. Call it at T2 with a context
// that ends when l expires; it paces its REQUESTs by the time left until
// then, as Renew does until T2.
func (c *Client) Rebind(ctx context.Context, l *Lease) (*Lease, error) {
	addr := l.Address.Addr()
	return c.askAnyServer(ctx, l, "rebind", exchange{
		msg: c.extending(addr), pace: renewalPace(ctx), what: "rebinding " + addr.String(),
	})
}

// askAnyServer broadcasts x's REQUEST about l (op names it for an error)
// and takes the first server's answer to it: an ACK as l extended.
func (c *Client) askAnyServer(ctx context.Context, l *Lease, op string, x exchange) (*Lease, error) {
	prepareSockets()
	conn, err := c.openBroadcast()
	if err != nil {
		return nil, fmt.Errorf("%s DHCP lease %s on %s: %w", op, l.Address.Addr(), c.iface, err)
	}
	defer conn.Close()
	x.conn, x.dest, x.match, x.want = conn, broadcast, isAnswerFrom(netip.Addr{}), "ACK"
	sent := c.clock.Now()
	reply, err := c.run(ctx, x)
	if err != nil {
		return nil, err
	}
	return c.extended(l, reply, sent)
}

// Confirm asks whether l still holds on the link it is on now (INIT-REBOOT,
// RFC 2131 sections 3.2 and 4.4.2): a REQUEST broadcast with l's address as
// the requested address, ciaddr zero and no server identifier, so that any
// server answers, and one that knows the link is not l's NAKs. Call it once
// the link came back after it was lost: a Wi-Fi rejoin, maybe to another
// access point, maybe after the router restarted and forgot its bindings,
// which the ACK makes it record again. It retransmits with the client's
// backoff until ctx ends; with no answer, RFC 2131 lets l be used until it
// expires. The new lease keeps what l knew that the ACK omits.
func (c *Client) Confirm(ctx context.Context, l *Lease) (*Lease, error) {
	addr := l.Address.Addr()
	return c.askAnyServer(ctx, l, "confirm", exchange{msg: c.rebooting(addr), what: "confirming " + addr.String()})
}

// Release gives l's address back to its server (RFC 2131 section 4.4.6).
// Nothing answers a RELEASE; the address must still be configured.
func (c *Client) Release(l *Lease) error {
	addr := l.Address.Addr()
	if !l.ServerID.IsValid() {
		return fmt.Errorf("release DHCP lease %s on %s: %w", addr, c.iface, errNoServerID)
	}
	conn, err := c.openUnicast(addr)
	if err != nil {
		return fmt.Errorf("release DHCP lease %s on %s: %w", addr, c.iface, err)
	}
	defer conn.Close()
	dest := net.UDPAddrFromAddrPort(netip.AddrPortFrom(l.ServerID, serverPort))
	if _, err := conn.WriteTo(c.release(addr, l.ServerID).ToBytes(), dest); err != nil {
		return fmt.Errorf("release DHCP lease %s on %s: send to %s: %w", addr, c.iface, dest, err)
	}
	return nil
}

// extended is the lease an answer to a RENEWING or REBINDING request grants.
func (c *Client) extended(old *Lease, reply *dhcpv4.DHCPv4, sent time.Time) (*Lease, error) {
	l, err := c.answer(reply, old.Address.Addr(), sent)
	if err != nil {
		return nil, err
	}
	inherit(l, old, reply.Options)
	return l, nil
}

// inherit fills in what an ACK to a renewal left out from the lease it
// extends: some servers (Windows) send little more than the times then.
func inherit(l, old *Lease, o dhcpv4.Options) {
	if !o.Has(dhcpv4.OptionSubnetMask) && l.Address.Addr() == old.Address.Addr() {
		l.Address = old.Address
	}
	if _, routed := classlessRoutes(o); !o.Has(dhcpv4.OptionRouter) && !routed {
		l.Router, l.Routes = old.Router, old.Routes
	}
	if !o.Has(dhcpv4.OptionDomainNameServer) {
		l.DNS = old.DNS
	}
	if !o.Has(dhcpv4.OptionInterfaceMTU) {
		l.MTU = old.MTU
	}
	if !o.Has(dhcpv4.OptionDomainName) {
		l.Domain = old.Domain
	}
	if !o.Has(dhcpv4.OptionDNSDomainSearchList) {
		l.Search = old.Search
	}
	if !o.Has(dhcpv4.OptionHostName) {
		l.Hostname = old.Hostname
	}
	if !o.Has(dhcpv4.OptionRootPath) {
		l.RootPath = old.RootPath
	}
	if !o.Has(dhcpv4.OptionServerIdentifier) {
		l.ServerID = old.ServerID
	}
	if !l.NextServer.IsValid() {
		l.NextServer = old.NextServer
	}
}
