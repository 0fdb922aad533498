package netboot

import (
	"time"

	"github.com/airroot/airroot/netboot/dhcp"
)

// leaseAction is what keeping a lease calls for next (RFC 2131 4.4.5).
type leaseAction int

const (
	actionWait    leaseAction = iota // nothing before the next deadline
	actionRenew                      // T1 passed: ask our server (unicast)
	actionRebind                     // T2 passed: ask any server (broadcast)
	actionRequest                    // expired: ask for the same address again
)

func (a leaseAction) String() string {
	return [...]string{"wait", "renew", "rebind", "request"}[a]
}

// done is what the log says once the action succeeded.
func (a leaseAction) done() string {
	return [...]string{"kept", "renewed", "rebound", "got back"}[a]
}

// nextLeaseAction says what to do about l at now, and when to look again.
// An infinite lease (zero deadlines) never needs anything.
func nextLeaseAction(l *dhcp.Lease, now time.Time) (leaseAction, time.Time) {
	renew, rebind, expires := l.RenewAt(), l.RebindAt(), l.ExpiresAt()
	switch {
	case expires.IsZero():
		return actionWait, time.Time{}
	case !now.Before(expires):
		return actionRequest, now
	case !now.Before(rebind):
		return actionRebind, expires
	case !now.Before(renew):
		return actionRenew, rebind
	}
	return actionWait, renew
}
