package keeper

import (
	"errors"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wifi"
	"golang.org/x/sys/unix"
)

// outageRadio is what the attempts of one rejoin share, so that each costs
// a scan (a TRIGGER_SCAN, the kernel's NEW_SCAN_RESULTS event, a GET_SCAN
// dump) and not also a new nl80211 client (two sockets, two family look-ups,
// three multicast groups joined, a reader goroutine), a dump of every
// interface, a dump of the radio's bands and features, a link-up request
// and a regulatory look-up: the interface, its radio and the country stay
// as the last join found them while the access point is away.
type outageRadio struct {
	client wifi.Radio   // nil: each attempt dials its own
	owned  bool         // dialled here: closed here unless a session took it
	dev    *wifi.Device // nil: each attempt looks for the interface
}

// outageRadio dials the client the attempts share; a radio the keeper's
// options already name (a test's) is shared as it is.
func (k *keeper) outageRadio(dev wifi.Device) *outageRadio {
	r := &outageRadio{}
	if dev.Wiphy != nil {
		r.dev = &dev
	}
	if k.wifiOptions().Radio != nil {
		return r
	}
	c, err := nl80211.Dial()
	if err != nil {
		k.log.Debugf("wifi: rejoining with a client per attempt: %v", err)
		return &outageRadio{}
	}
	r.client, r.owned = c, true
	return r
}

// use makes o's join use the shared client and device; a session it
// establishes takes the client over.
func (r *outageRadio) use(o *wifi.Options) {
	if r.client != nil {
		o.Radio, o.SessionOwnsRadio = r.client, true
	}
	if o.Radio != nil {
		o.Device = r.dev
	}
}

// failed follows an attempt that failed with err: the access point not
// heard, refusing or failing us leave the radio as it was; anything else
// (the interface gone, a netlink error) makes the next attempts start
// afresh, each with its own client and look for the interface.
func (r *outageRadio) failed(err error) {
	if errors.Is(err, wifi.ErrNotFound) || errors.Is(err, wifi.ErrAssociation) || errors.Is(err, wifi.ErrAccessPoint) ||
		errors.Is(err, wifi.ErrHandshake) || errors.Is(err, wifi.ErrWrongPassphrase) {
		return
	}
	r.close()
	r.client, r.owned, r.dev = nil, false, nil
}

// close closes the client if it was dialled here.
func (r *outageRadio) close() {
	if r.owned && r.client != nil {
		r.client.Close()
	}
}

// cpuTime is the CPU time the keeper has used so far, user and system; 0
// when the kernel does not say.
func cpuTime() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
