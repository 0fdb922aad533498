package netboot

import (
	"context"
	"net/netip"
	"time"

	"github.com/airroot/airroot/init/bootlog"

	"github.com/airroot/airroot/netboot/dhcp"
)

// leaseAction is what keeping a lease calls for next (RFC 2131 4.4.5).
type leaseAction int

const (
	actionWait    leaseAction = iota // nothing before the next deadline
	actionRenew                      // T1 passed: ask our server (unicast)
	actionRebind                     // T2 passed: ask any server (broadcast)
	actionInit                       // expired, or NAKed: DISCOVER asking for the same address
	actionConfirm                    // the link came back: INIT-REBOOT, asking any server
)

func (a leaseAction) String() string {
	return [...]string{"wait", "renew", "rebind", "INIT", "confirm"}[a]
}

// done is what the log says once the action succeeded.
func (a leaseAction) done() string {
	return [...]string{"kept", "renewed", "rebound", "got", "confirmed"}[a]
}

// nextLeaseAction says what to do about l at now, and when to look again.
// An infinite lease (zero deadlines) never needs anything.
func nextLeaseAction(l *dhcp.Lease, now time.Time) (leaseAction, time.Time) {
	renew, rebind, expires := l.RenewAt(), l.RebindAt(), l.ExpiresAt()
	switch {
	case expires.IsZero():
		return actionWait, time.Time{}
	case !now.Before(expires):
		return actionInit, now
	case !now.Before(rebind):
		return actionRebind, expires
	case !now.Before(renew):
		return actionRenew, rebind
	}
	return actionWait, renew
}

// leaseClient is what Keep needs of a DHCP client (a *dhcp.Client).
type leaseClient interface {
	Renew(ctx context.Context, l *dhcp.Lease) (*dhcp.Lease, error)
	Rebind(ctx context.Context, l *dhcp.Lease) (*dhcp.Lease, error)
	Reacquire(ctx context.Context, addr netip.Addr) (*dhcp.Lease, error)
	Reclaim(ctx context.Context, addr netip.Addr) (*dhcp.Lease, error)
	Confirm(ctx context.Context, l *dhcp.Lease) (*dhcp.Lease, error)
	Close() error
}

// keepClock is Keep's time: tests make it virtual.
type keepClock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time                                   { return time.Now() }
func (realClock) Sleep(ctx context.Context, d time.Duration) error { return bootlog.Sleep(ctx, d) }

func dialDHCP(iface string, opts ...dhcp.Option) (leaseClient, error) {
	return dhcp.New(iface, opts...)
}
