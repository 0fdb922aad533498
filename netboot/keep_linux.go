package netboot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/airroot/airroot/netboot/dhcp"
	"github.com/airroot/airroot/netboot/link"
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
func (n *Net) Keep(ctx context.Context, stateDir string) error {
	if n.lease != nil {
		_, _ = n.dhcpClient() // set up now, not at T1; a failure is retried there
	}
	for ctx.Err() == nil && n.lease != nil {
		n.keepStep(ctx, stateDir)
	}
	<-ctx.Done()
	return ctx.Err()
}

// keepStep does what the lease calls for now and returns when that is done,
// failed and was waited out, or ctx ended.
func (n *Net) keepStep(ctx context.Context, stateDir string) {
	action, deadline := nextLeaseAction(n.lease, n.clock.Now())
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
	return max(min(max(left/2, minRetry), left), 0)
}

// reinit is INIT asking for our address: a DISCOVER with it as the requested
// address, until a lease comes or ctx ends, a minute between failures.
func (n *Net) reinit(ctx context.Context, stateDir string) {
	for ctx.Err() == nil {
		err := n.refresh(ctx, actionInit, time.Time{}, stateDir)
		if err == nil || ctx.Err() != nil {
			return
		}
		n.logf("dhcp: %v; trying again in %s", err, minRetry)
		_ = n.clock.Sleep(ctx, minRetry)
	}
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
	default:
		l, err = c.Reacquire(ctx, n.addr.Addr())
	}
	if err != nil {
		if !errors.Is(err, dhcp.ErrNAK) {
			n.dropDHCPClient() // the interface may have gone and come back
		}
		return fmt.Errorf("%v of %s on %s: %w", action, n.addr.Addr(), n.iface, err)
	}
	if l.Address != n.addr || l.Router != n.gw {
		n.logf("dhcp: %s now has %s (was %s)", n.iface, l.Address, n.addr)
		if err := link.Configure(n.iface, l.Address, l.Router); err != nil {
			return err
		}
	}
	n.lease, n.addr, n.gw, n.dns = l, l.Address, l.Router, l.DNS
	n.logf("dhcp: %s %s from %s for %v", action.done(), l.Address.Addr(), l.ServerID, l.Duration)
	if stateDir != "" {
		return n.SaveState(stateDir)
	}
	return nil
}

// dhcpClient returns the DHCP client for the interface, made on first use
// and kept: it holds no socket between exchanges, and making one looks the
// interface up, which on a slow board costs as much as the exchange's own
// sockets.
func (n *Net) dhcpClient() (leaseClient, error) {
	if n.client != nil && n.clientIface == n.iface {
		return n.client, nil
	}
	n.dropDHCPClient()
	c, err := n.dial(n.iface, n.dhcpOptions()...)
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
