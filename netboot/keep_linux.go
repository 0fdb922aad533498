package netboot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/airroot/airroot/internal/backoff"
	"github.com/airroot/airroot/netboot/dhcp"
)

// minRetry is the shortest wait after a failed renewal or rebinding, and
// the wait after a failed INIT (RFC 2131 section 4.4.5: half the time left,
// "down to a minimum of 60 seconds").
const minRetry = time.Minute

// Keep holds on to the address until ctx ends (RFC 2131 section 4.4.5): it
// renews the lease at T1, rebinds at T2, and after a failure waits half the
// time left before the next state, at least a minute. A NAK, or the lease
// running out, sends it back to INIT asking for the same address, so that
// NFS over TCP resumes where it was. Timers only, no polling. A static
// address needs nothing.
//
// The address stays on the interface meanwhile, against the letter of RFC
// 2131 (which says to stop using it): the root file system is mounted over
// it, and without it the root is gone for sure, while the server that NAKed
// or forgot the lease will most likely offer it again. That is what clients
// with a network root do: dhcpcd --persistent, systemd-networkd's
// KeepConfiguration=dhcp (formerly CriticalConnection=), Buildroot's udhcpc
// script when nfsroot= is set.
//
// When the link comes back after it was lost (LinkBack), Keep drops what it
// was waiting for and confirms the lease at once.
func (n *Net) Keep(ctx context.Context, stateDir string) error {
	if n.lease != nil {
		_, _ = n.dhcpClient() // set up now, not at T1; a failure is retried there
	}
	select {
	case <-n.linkBack: // back before this lease was taken: nothing to confirm
	default:
	}
	linkBack := false
	for ctx.Err() == nil && n.lease != nil {
		linkBack = n.untilLinkBack(ctx, func(ctx context.Context) { n.keepStep(ctx, stateDir, linkBack) })
	}
	<-ctx.Done()
	return ctx.Err()
}

// confirmWait bounds confirming the lease once the link is back: three
// REQUESTs on RFC 2131 section 4.1's backoff (at 0, 4 and 12 s, give or take
// its second of jitter), as one may be lost while the link settles.
const confirmWait = 15 * time.Second

// LinkBack tells Keep that the link came back after it was lost: a Wi-Fi
// rejoin, maybe through another access point, maybe after the router
// restarted and forgot its bindings. Keep then confirms the lease at once
// (INIT-REBOOT, RFC 2131 section 3.2, as dhcpcd does when the carrier comes
// back), rather than at T1, hours later: the router records the binding
// again before it can give the address to another host, and a network that
// is not the lease's NAKs. It never blocks.
func (n *Net) LinkBack() {
	select {
	case n.linkBack <- struct{}{}:
	default: // one is pending already
	}
}

// untilLinkBack runs fn with a context that also ends when LinkBack is
// called, and reports whether it was.
func (n *Net) untilLinkBack(ctx context.Context, fn func(context.Context)) bool {
	step, stop := context.WithCancel(ctx)
	back := make(chan bool, 1)
	go func() {
		select {
		case <-n.linkBack:
			stop()
			back <- true
		case <-step.Done():
			back <- false
		}
	}()
	fn(step)
	stop()
	return <-back
}

// keepStep does what the lease calls for now, or confirms it when the link
// is back, and returns when that is done, failed and was waited out, or ctx
// ended.
func (n *Net) keepStep(ctx context.Context, stateDir string, linkBack bool) {
	action, deadline := nextLeaseAction(n.lease, n.clock.Now())
	if linkBack && action != actionInit {
		action, deadline = actionConfirm, n.clock.Now().Add(confirmWait)
		if end := n.lease.ExpiresAt(); !end.IsZero() && end.Before(deadline) {
			deadline = end
		}
	}
	switch action {
	case actionWait:
		if deadline.IsZero() {
			<-ctx.Done()
			return
		}
		_ = n.clock.Sleep(ctx, deadline.Sub(n.clock.Now()))
		return
	case actionInit:
		n.logf("dhcp: the lease on %s expired: asking for %s again", n.iface, n.addr.Addr())
		n.reinit(ctx, stateDir)
		return
	}
	err := n.refresh(ctx, action, deadline, stateDir)
	switch {
	case err == nil || ctx.Err() != nil:
	case errors.Is(err, dhcp.ErrNAK):
		n.logf("dhcp: %v; asking for %s again, keeping it meanwhile for the root", err, n.addr.Addr())
		n.reinit(ctx, stateDir)
	case action == actionConfirm: // RFC 2131 section 3.2 lets the lease be used until it ends
		n.logf("dhcp: %v; keeping the lease%s", err, n.leaseEnd())
	default:
		wait := retryWait(deadline.Sub(n.clock.Now()))
		n.logf("dhcp: %v; trying again in %s", err, wait.Round(time.Second))
		_ = n.clock.Sleep(ctx, wait)
	}
}

// retryWait is how long to wait after a failed renewal or rebinding with
// left until the state ends: half of it, at least minRetry, but not past
// its end, where the next state begins.
func retryWait(left time.Duration) time.Duration {
	return backoff.HalfLeft(left, minRetry)
}

// reinit is INIT asking for our address: a DISCOVER with it as the requested
// address, until a lease comes or ctx ends, a minute between failures.
//
// While the lease on the address runs, only that address is taken (Reclaim).
// A server that offers another one cannot move the board: the NFS root is
// mounted over the address, and its connections would break. So the board
// keeps the address it was granted until that grant ends, says so at error
// level (the console and the kernel log: the fix is the server's), and asks
// for it again half-way to the end and at the end, when a fixed server gives
// it back. Once the lease is over, the address is no longer the board's: the
// server may give it to another host, and two hosts on one address break
// both. So INIT then takes whatever the server offers (Reacquire), and the
// root carries on only if the server exports it to the new address too.
func (n *Net) reinit(ctx context.Context, stateDir string) {
	for ctx.Err() == nil {
		err := n.refresh(ctx, actionInit, time.Time{}, stateDir)
		if err == nil || ctx.Err() != nil {
			return
		}
		wait := minRetry
		var moved *dhcp.MovedError
		if errors.As(err, &moved) {
			wait = retryWait(n.lease.ExpiresAt().Sub(n.clock.Now()))
			n.errorf("dhcp: %v: the NFS root is mounted over %s and cannot follow a new address; "+
				"keeping %s until its lease ends in %s, asking for it again in %s; to fix: pin the board's address on the server "+
				"(dnsmasq: dhcp-host=%s,%s; ISC dhcpd: a host block with fixed-address %s)",
				err, moved.Wanted, moved.Wanted, n.leaseLeft().Round(time.Second), wait.Round(time.Second),
				moved.HardwareAddr, moved.Wanted, moved.Wanted)
		} else {
			n.logf("dhcp: %v; trying again in %s", err, minRetry)
		}
		_ = n.clock.Sleep(ctx, wait)
	}
}

// leaseEnd says what comes next for the lease kept, for a log line.
func (n *Net) leaseEnd() string {
	action, at := nextLeaseAction(n.lease, n.clock.Now())
	in := at.Sub(n.clock.Now()).Round(time.Second)
	switch {
	case at.IsZero():
		return ", which never ends"
	case action == actionWait:
		return fmt.Sprintf(", to be renewed at T1 in %s", in)
	case action == actionRenew:
		return fmt.Sprintf(", renewing it until T2 in %s", in)
	}
	return fmt.Sprintf(", rebinding it until it ends in %s", in)
}

// leaseLeft is how long the lease on the address still runs; 0 once over.
func (n *Net) leaseLeft() time.Duration {
	return max(n.lease.ExpiresAt().Sub(n.clock.Now()), 0)
}

// reacquire is INIT's exchange: Reclaim while the lease runs (an infinite
// one always does), Reacquire once it is over (see reinit).
func (n *Net) reacquire(ctx context.Context, c leaseClient) (*dhcp.Lease, error) {
	addr := n.addr.Addr()
	if n.lease.ExpiresAt().IsZero() || n.leaseLeft() > 0 {
		return c.Reclaim(ctx, addr)
	}
	return c.Reacquire(ctx, addr)
}

// refresh runs one renew or rebind exchange, which may take until deadline,
// or an INIT one (until a lease comes), and adopts the new lease.
func (n *Net) refresh(ctx context.Context, action leaseAction, deadline time.Time, stateDir string) error {
	if !deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline)
		defer cancel()
	}
	c, err := n.dhcpClient()
	if err != nil {
		return err
	}
	var l *dhcp.Lease
	switch action {
	case actionRenew:
		l, err = c.Renew(ctx, n.lease)
	case actionRebind:
		l, err = c.Rebind(ctx, n.lease)
	case actionConfirm:
		l, err = c.Confirm(ctx, n.lease)
	default:
		l, err = n.reacquire(ctx, c)
	}
	if err != nil {
		if !errors.Is(err, dhcp.ErrNAK) && !errors.Is(err, dhcp.ErrMoved) {
			n.dropDHCPClient() // no answer: the interface may have gone and come back
		}
		return fmt.Errorf("%v of %s on %s: %w", action, n.addr.Addr(), n.iface, err)
	}
	if err := n.adopt(l, action); err != nil {
		return err
	}
	if stateDir != "" {
		return n.SaveState(stateDir)
	}
	return nil
}

// adopt makes l the lease: the interface gets its address and router if
// they changed, and onLease hears of it.
func (n *Net) adopt(l *dhcp.Lease, action leaseAction) error {
	moved := l.Address.Addr() != n.addr.Addr()
	if moved {
		n.errorf("dhcp: %s now has %s instead of %s: the NFS root's connections from %s break, "+
			"and come back only if the server exports the root to %s too; to fix: pin the board's address on the DHCP server",
			n.iface, l.Address, n.addr, n.addr.Addr(), l.Address.Addr())
	}
	routed := l.Router != n.gw || !slices.Equal(l.Routes, n.lease.Routes)
	if l.Address != n.addr || routed {
		if err := n.configure(n.iface, l.Address, l.Router, l.Routes...); err != nil {
			return err
		}
	}
	changed := l.Address != n.addr || l.Router != n.gw || !slices.Equal(l.DNS, n.dns)
	n.lease, n.addr, n.gw, n.dns = l, l.Address, l.Router, l.DNS
	var routing string
	if routed {
		routing = fmt.Sprintf(", router now %s%s", routerName(l.Router), routesNote(l.Routes))
	}
	n.logf("dhcp: %s %s from %s for %v%s", action.done(), l.Address.Addr(), l.ServerID, l.Duration, routing)
	n.applyMTU(l.MTU)
	if n.onLease != nil {
		n.onLease(changed)
	}
	return nil
}

// OnLease has Keep call f after each lease it takes (a renewal, a
// rebinding, INIT), with changed set when the address, the router or the
// name servers differ from the last lease's.
func (n *Net) OnLease(f func(changed bool)) { n.onLease = f }

// SetErrorf sets where the problems a person must fix go (the console and
// the kernel log at error level); by default, with the rest.
func (n *Net) SetErrorf(f func(format string, args ...any)) { n.errorf = f }

// dhcpClient returns the DHCP client for the interface, made on first use
// and kept: it holds no socket between exchanges, and making one looks the
// interface up, which on a slow board costs as much as the exchange's own
// sockets.
func (n *Net) dhcpClient() (leaseClient, error) {
	if n.client != nil && n.clientIface == n.iface {
		return n.client, nil
	}
	n.dropDHCPClient()
	// Its retransmissions are logged: a renewal unanswered is the first sign
	// of a server gone, long before the lease is in danger.
	c, err := n.dial(n.iface, append(n.dhcpOptions(), dhcp.WithLogf(n.logf))...)
	if err != nil {
		return nil, err
	}
	n.client, n.clientIface = c, n.iface
	return c, nil
}

func (n *Net) dropDHCPClient() {
	if n.client != nil {
		n.client.Close()
		n.client = nil
	}
}
