package wifi

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/airroot/airroot/internal/errkind"
	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// bringUp finds the interface, brings it up and sets the country; with
// Options.Device (and Radio) an earlier join did all that, and its
// description stands: the attempts of a rejoin then cost a scan each, not a
// dump of every interface and of the radio's channels and features.
func (j *joiner) bringUp(ctx context.Context, cfg *conf.Config) error {
	if d := j.opts.Device; d != nil && d.Wiphy != nil && j.radio != nil {
		j.ifi, j.wiphy = d.Interface, d.Wiphy
		j.times.InterfaceUp = j.opts.Now()
		return nil
	}
	if err := j.findInterface(ctx); err != nil {
		return err
	}
	if err := j.opts.LinkUp(j.ifi.Name); err != nil {
		return err
	}
	j.times.InterfaceUp = j.opts.Now()
	j.logf("%s (phy%d, %s) is up", j.ifi.Name, j.ifi.Wiphy, j.ifi.MAC)
	if cfg.Country != "" && j.setCountry(ctx, cfg.Country) {
		// The new domain may open or close channels: read them again.
		if err := j.describeWiphy(j.ifi); err != nil {
			j.logf("%v (scanning with the channels of the old regulatory domain)", err)
		}
	}
	return nil
}

// findInterface waits for a station interface (j.iface, or any) and
// describes its radio. Until cfg80211 is loaded there is no nl80211 to
// ask; that counts as no interface yet.
func (j *joiner) findInterface(ctx context.Context) error {
	settled := j.opts.DevicesSettled
	var deadline <-chan time.Time // nil until the devices have settled
	if settled == nil {
		deadline = time.After(j.opts.InterfaceTimeout)
	}
	var why error
	for {
		ifi, err := j.lookInterface()
		if err == nil {
			return j.describeWiphy(ifi)
		}
		why = err
		select {
		case <-time.After(j.opts.PollInterval):
		case <-settled:
			settled, deadline = nil, time.After(j.opts.InterfaceTimeout)
		case <-deadline:
			return j.noInterface(why)
		case <-ctx.Done():
			return fmt.Errorf("wait for a wireless interface: %w", ctx.Err())
		}
	}
}

// errNotYet means nothing is wrong, the interface is just not there.
var errNotYet = errors.New("not yet")

// lookInterface returns the interface to use, if it is there yet.
func (j *joiner) lookInterface() (nl80211.Interface, error) {
	if j.radio == nil {
		r, err := j.opts.Dial()
		if errors.Is(err, os.ErrNotExist) {
			return nl80211.Interface{}, errNotYet
		}
		if err != nil {
			return nl80211.Interface{}, err
		}
		j.radio = r
	}
	ifis, err := j.radio.Interfaces()
	if err != nil {
		return nl80211.Interface{}, err
	}
	why := errNotYet
	for _, ifi := range ifis {
		if j.iface != "" && ifi.Name != j.iface {
			continue
		}
		if ifi.Type == nl80211.InterfaceStation {
			return ifi, nil
		}
		why = fmt.Errorf("%s is in %s mode, airroot needs station mode", ifi.Name, ifi.Type)
	}
	return nl80211.Interface{}, why
}

func (j *joiner) describeWiphy(ifi nl80211.Interface) error {
	w, err := j.radio.Wiphy(ifi.Wiphy)
	if err != nil {
		return err
	}
	j.ifi, j.wiphy = ifi, w
	return nil
}

// noInterface is the timeout's error: `no wireless interface after 10s
// (have: lo, eth0)`, and when none is there at all, the devices without a
// driver, one of which may be the radio: `...; without a driver: USB
// 0bda:8179 "802.11n NIC" at 1-1:1.0 (modalias usb:v0BDAp8179...)`, and
// how to find its module.
func (j *joiner) noInterface(why error) error {
	what := ErrNoInterface.Error()
	if j.iface != "" {
		what = fmt.Sprintf("%s %q", what, j.iface)
	}
	have := "none"
	if names, err := j.opts.NetInterfaces(); err == nil && len(names) > 0 {
		have = strings.Join(names, ", ")
	}
	msg := fmt.Sprintf("%s after %s (have: %s)", what, j.opts.InterfaceTimeout, have)
	if !errors.Is(why, errNotYet) {
		return fmt.Errorf("%s: %w: %w", msg, why, ErrNoInterface)
	}
	if devs := j.opts.Driverless(); len(devs) > 0 {
		msg += "; without a driver: " + strings.Join(devs, ", ") + " ('airroot modules MODALIAS' on the build machine names a device's module)"
	}
	return errkind.Mark(errors.New(msg), ErrNoInterface) // the interfaces that exist, not why
}
