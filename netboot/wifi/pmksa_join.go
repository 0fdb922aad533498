package wifi

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa"
)

// cachable reports whether the AKM's PMK is worth keeping: SAE's and
// 802.1X's cost an exchange to make, a PSK's is the configuration.
func cachable(akm wpa.Suite) bool {
	return akm == wpa.AKMSAE || akm == wpa.AKM8021X || akm == wpa.AKM8021XSHA256
}

func skipped(akm wpa.Suite) string {
	if akm == wpa.AKMSAE {
		return "SAE"
	}
	return "EAP"
}

// offerPMKSA looks for a cached PMKSA with the access point and, when there
// is one, offers it: its PMKID goes in our RSN element (association
// request and message 2, 12.6.10.3), its PMK to the handshake, which then
// requires message 1 to name it.
func (a *association) offerPMKSA(params *nl80211.ConnectParams) error {
	akm := wpa.Suite(a.sec.rsn.AKM)
	p, ok := a.opts.PMKSA.Get(a.bss.BSSID, a.bss.SSID, akm)
	if a.hs == nil || !cachable(akm) || !ok {
		return nil
	}
	ie, err := wpa.WithPMKID(a.sec.ourRSNE, p.PMKID)
	if err != nil {
		return err
	}
	params.IEs, a.hs.OurRSNE = ie, ie
	a.hs.PMK, a.hs.PMKID = p.PMK, &p.PMKID
	if a.x != nil {
		a.x.pmk = &p.PMK
	}
	a.pmksa = &p
	a.logf("offering the cached PMKSA %x with %s", p.PMKID[:4], a.peer())
	return nil
}

// forgetPMKSA drops the offered PMKSA after the access point did not take
// it (12.6.10.3): the next attempt runs SAE or EAP in full.
func (a *association) forgetPMKSA(why string) {
	if a.pmksa == nil {
		return
	}
	a.logf("the access point did not take the cached PMKSA (%s): forgetting it", why)
	a.opts.PMKSA.Remove(a.bss.BSSID, a.bss.SSID, a.pmksa.AKM)
	a.pmksa, a.hs.PMKID = nil, nil
}

// rememberPMKSA caches the PMK that SAE or EAP just made, once the 4-way
// handshake proved the access point has it too.
func (a *association) rememberPMKSA() {
	if a.pmksa != nil {
		a.logf("used the cached PMKSA with %s: %s skipped", a.peer(), skipped(a.pmksa.AKM))
	}
	if a.hs == nil || a.pmksa != nil || !cachable(a.hs.AKM()) {
		return
	}
	p := PMKSA{BSSID: a.bss.BSSID, SSID: a.bss.SSID, AKM: a.hs.AKM(), PMK: a.hs.PMK}
	switch {
	case a.hs.AKM() == wpa.AKMSAE && a.saePMKID != nil:
		p.PMKID = *a.saePMKID
	case a.hs.AKM() == wpa.AKMSAE:
		return
	default:
		p.PMKID = wpa.PMKID(p.AKM, p.PMK[:], a.bss.BSSID, a.spa)
	}
	a.opts.PMKSA.Put(p)
}

// connectCachedSAE authenticates with Open System instead of SAE, since a
// cached SAE PMKSA makes SAE unneeded (12.6.10.3; hostapd and
// wpa_supplicant do so), then associates offering the PMKID. It reports
// false when the access point refused Open System: the caller runs SAE.
func (j *joiner) connectCachedSAE(ctx context.Context, a *association, params nl80211.ConnectParams) (*nl80211.Association, bool, error) {
	start := a.opts.Now()
	err := j.radio.Authenticate(a.ifindex, nl80211.AuthParams{BSSID: a.bss.BSSID, Frequency: a.bss.Frequency, SSID: a.bss.SSID, Open: true})
	if errors.Is(err, syscall.EOPNOTSUPP) {
		// A driver with its own SME (connectExternalSAE): SAE runs in full.
		a.forgetPMKSA("the driver authenticates by itself")
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("authenticate with %s: %w: %w", a.peer(), err, ErrAssociation)
	}
	status, err := j.openAuthResult(ctx, a)
	if err != nil {
		return nil, false, err
	}
	if status != 0 {
		a.forgetPMKSA(fmt.Sprintf("Open System authentication refused: %s", Status(status)))
		return nil, false, nil
	}
	a.logf("skipping SAE with %s: Open System authentication with the cached PMKSA in %s", a.peer(), a.opts.Now().Sub(start).Round(time.Millisecond))
	owner, err := j.radio.Associate(a.ifindex, params)
	if err != nil {
		return nil, true, fmt.Errorf("associate with %s: %w: %w", a.peer(), err, ErrAssociation)
	}
	return owner, true, nil
}

// openAuthResult waits for the access point's Open System answer and
// returns its status code (9.3.3.11: algorithm, transaction, status).
func (j *joiner) openAuthResult(ctx context.Context, a *association) (uint16, error) {
	timeout := time.NewTimer(j.opts.AssociateTimeout)
	defer timeout.Stop()
	for {
		select {
		case ev := <-a.sub.C:
			e, ok := ev.(*nl80211.AuthEvent)
			switch {
			case !ok:
			case e.TimedOut:
				return 0, fmt.Errorf("authenticate with %s: no answer: %w", a.peer(), ErrAssociation)
			case len(e.Frame) >= mgmtHeaderLen+6 && binary.LittleEndian.Uint16(e.Frame[mgmtHeaderLen:]) == 0:
				return binary.LittleEndian.Uint16(e.Frame[mgmtHeaderLen+4:]), nil
			}
		case <-timeout.C:
			return 0, fmt.Errorf("authenticate with %s: no answer after %s: %w", a.peer(), j.opts.AssociateTimeout, ErrAssociation)
		case <-a.sub.Done():
			return 0, fmt.Errorf("authenticate with %s: %w", a.peer(), nl80211.ErrClosed)
		case <-ctx.Done():
			return 0, fmt.Errorf("authenticate with %s: %w", a.peer(), ctx.Err())
		}
	}
}
