package keeper

import (
	"errors"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wifi"
	"golang.org/x/sys/unix"
)

// rejoinOptions are the options of a rejoin's attempt through dev (nil: not
// known). Its attempts, and the rejoins after it, share one nl80211 client
// and the lost session's device, so that each costs a scan (a TRIGGER_SCAN,
// the kernel's NEW_SCAN_RESULTS event, a GET_SCAN dump) and not also a new
// client (two sockets, two family look-ups, three multicast groups joined, a
// reader goroutine), a dump of every interface, a dump of the radio's bands
// and features, a link-up request and a regulatory look-up: the interface,
// its radio and the country stay as the last join found them while the
// access point is away.
func (k *keeper) rejoinOptions(dev *wifi.Device) wifi.Options {
	o := k.wifiOptions()
	if o.Radio == nil {
		o.Radio = k.sharedRadio()
	}
	if o.Radio != nil {
		o.Device = dev
	}
	return o
}

// sharedRadio is the keeper's nl80211 client for rejoins, dialled at the
// first; nil when it cannot be (each join then dials its own).
func (k *keeper) sharedRadio() wifi.Radio {
	if k.rejoinRadio == nil {
		c, err := nl80211.Dial()
		if err != nil {
			k.log.Debugf("wifi: rejoining with a client per attempt: %v", err)
			return nil
		}
		k.rejoinRadio = c
	}
	return k.rejoinRadio
}

// rejoinFailed follows an attempt that failed with err and returns the
// device the next attempt may take as known: the access point not heard,
// refusing or failing us leave the radio as it was; anything else (the
// interface gone, a netlink error) makes the next attempts start afresh,
// with a new client and a new look for the interface.
func (k *keeper) rejoinFailed(err error, dev *wifi.Device) *wifi.Device {
	if errors.Is(err, wifi.ErrNotFound) || errors.Is(err, wifi.ErrAssociation) || errors.Is(err, wifi.ErrAccessPoint) ||
		errors.Is(err, wifi.ErrHandshake) || errors.Is(err, wifi.ErrWrongPassphrase) {
		return dev
	}
	if k.rejoinRadio != nil {
		k.rejoinRadio.Close()
		k.rejoinRadio = nil
	}
	return nil
}

// knownDevice is dev when a join described it, else nil.
func knownDevice(dev wifi.Device) *wifi.Device {
	if dev.Wiphy == nil {
		return nil
	}
	return &dev
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
