package netboot

import (
	"context"
	"fmt"
	"time"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/netboot/dhcp"
	"github.com/airroot/airroot/netboot/link"
)

// requestWindow is how long one attempt to get the same address back after
// expiry may take before the next.
const requestWindow = time.Minute

// Keep holds on to the address until ctx ends: it renews the lease at T1,
// rebinds at T2 and, once it has expired, asks for the same address again,
// so that NFS over TCP resumes where it was. It keeps the address on the
// interface meanwhile: without it the root is gone for sure. Timers only,
// no polling. A static address needs nothing.
func (n *Net) Keep(ctx context.Context, stateDir string) error {
	for n.lease != nil {
		action, next := nextLeaseAction(n.lease, time.Now())
		if action == actionWait {
			if err := sleepUntil(ctx, next); err != nil {
				return err
			}
			continue
		}
		if err := n.refresh(ctx, action, next, stateDir); err != nil && ctx.Err() == nil {
			n.logf("dhcp: %v", err)
			if action == actionRequest {
				if err := sleepUntil(ctx, time.Now().Add(10*time.Second)); err != nil {
					return err
				}
			}
		}
	}
	<-ctx.Done()
	return ctx.Err()
}

// refresh runs one renew, rebind or request exchange, which may take until
// deadline, and adopts the new lease.
func (n *Net) refresh(ctx context.Context, action leaseAction, deadline time.Time, stateDir string) error {
	if action == actionRequest {
		deadline = time.Now().Add(requestWindow)
		n.logf("dhcp: the lease on %s expired: asking for %s again", n.iface, n.addr.Addr())
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	c, err := dhcp.New(n.iface, n.dhcpOptions()...)
	if err != nil {
		return err
	}
	defer c.Close()
	var l *dhcp.Lease
	switch action {
	case actionRenew:
		l, err = c.Renew(ctx, n.lease)
	case actionRebind:
		l, err = c.Rebind(ctx, n.lease)
	default:
		l, err = c.Request(ctx, n.addr.Addr())
	}
	if err != nil {
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

// sleepUntil waits until t (for ever when t is zero) or until ctx ends.
func sleepUntil(ctx context.Context, t time.Time) error {
	if t.IsZero() {
		<-ctx.Done()
		return ctx.Err()
	}
	return bootlog.Sleep(ctx, time.Until(t))
}
