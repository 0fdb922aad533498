package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// switchOffMarkPrefix starts the guest's kernel-log mark written just before it
// switches off the access point the station is on (an outage, timed like a
// deauthentication).
const switchOffMarkPrefix = "e2e-guest: switch off the access point "

// switchOffAPs switches off, at each of soak.SwitchOffAt, the access point the
// station is on. It returns the control socket of each one switched off and the
// outages.
func switchOffAPs(sys system, ss soakSys, soak guestproto.Soak, loopStart time.Time) ([]string, []deauthRequest) {
	var off []string
	var asked []deauthRequest
	for i, after := range soak.SwitchOffAt {
		waitUntil(ss, loopStart.Add(seconds(after)))
		at := ss.now()
		ctrl, err := switchOff(sys, ss, soak, i)
		off = append(off, ctrl)
		asked = append(asked, deauthRequest{at: at, err: err})
	}
	return off, asked
}

// switchOff finds the access point that lists the station (hostapd's STA command
// answers with the address it knows, else FAIL), marks the kernel log and kills its
// hostapd (ss.killAP): its beacons stop and it says goodbye to no one, as when it
// loses power. Not hostapd's DISABLE: on virt (mac80211_hwsim, 2026-12-04) the
// other access point's hostapd then received no management frame any more (no
// probe request, no authentication in its -d log) while its beacons went on.
func switchOff(sys system, ss soakSys, soak guestproto.Soak, i int) (string, error) {
	mac, err := ss.mac(soak.StationInterface)
	if err != nil {
		return "", err
	}
	ctrl, err := stationsAP(sys, soak.SwitchOffControls, mac)
	if err != nil {
		return "", err
	}
	if err := ss.mark(fmt.Sprintf("%s%d: %s", switchOffMarkPrefix, i+1, ctrl)); err != nil {
		return ctrl, fmt.Errorf("mark the kernel log: %w", err)
	}
	return ctrl, ss.killAP(ctrl)
}

// stationsAP is the one of controls whose access point has mac associated.
func stationsAP(sys system, controls []string, mac string) (string, error) {
	var errs []string
	for _, ctrl := range controls {
		reply, err := sys.hostapd(ctrl, "STA "+mac)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if strings.HasPrefix(reply, mac) {
			return ctrl, nil
		}
	}
	return "", fmt.Errorf("no access point of %q lists the station %s (%s)", controls, mac, strings.Join(errs, "; "))
}
