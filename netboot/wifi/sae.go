package wifi

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa"
	"github.com/airroot/airroot/netboot/wpa/sae"
)

// usesSAE reports whether the negotiated AKM is SAE (WPA3-Personal): the
// station then authenticates with SAE itself and associates afterwards,
// instead of asking the kernel to CONNECT.
func (a *association) usesSAE() bool {
	return !a.sec.open && wpa.Suite(a.sec.rsn.AKM) == wpa.AKMSAE
}

// connectSAE runs SAE with the access point (802.11-2020 12.4: commit and
// confirm as authentication frames through NL80211_CMD_AUTHENTICATE, the
// access point's coming back as AuthEvents), gives the handshake SAE's PMK,
// and associates from the socket that will own the connection. A driver
// with its own SME has no CMD_AUTHENTICATE: SAE then runs at its request
// (connectExternalSAE).
func (j *joiner) connectSAE(ctx context.Context, a *association, params nl80211.ConnectParams) (*nl80211.Association, error) {
	if a.pmksa != nil {
		owner, used, err := j.connectCachedSAE(ctx, a, params)
		if used || err != nil {
			return owner, err
		}
		params.IEs, a.hs.OurRSNE = a.sec.ourRSNE, a.sec.ourRSNE
	}
	err := j.authenticateSAE(ctx, a)
	if errors.Is(err, syscall.EOPNOTSUPP) {
		return j.connectExternalSAE(ctx, a, params)
	}
	if err != nil {
		return nil, err
	}
	owner, err := j.radio.Associate(a.ifindex, params)
	if err != nil {
		return nil, fmt.Errorf("associate with %s: %w: %w", a.peer(), err, ErrAssociation)
	}
	return owner, nil
}

// authenticateSAE runs the exchange and gives the handshake its PMK.
func (j *joiner) authenticateSAE(ctx context.Context, a *association) error {
	auth, err := j.newSAE(a)
	if err != nil {
		return err
	}
	start := a.opts.Now()
	if err := j.runSAE(ctx, a, auth); err != nil {
		return err
	}
	pmk, pmkid := auth.Keys()
	a.hs.PMK, a.saePMKID = [32]byte(pmk), (*[16]byte)(pmkid)
	a.times.SAEStarted, a.times.SAEDone = start, a.opts.Now()
	a.logf("SAE with %s done in %s (group %s)", a.peer(), a.times.SAEDone.Sub(start).Round(time.Millisecond), auth.Group())
	return nil
}

// newSAE prepares the exchange: hash-to-element when the network and the
// access point's RSNXE say so (wpa_supplicant's sae_pwe rules), refused
// when the access point accepts nothing else and the network forbids it.
func (j *joiner) newSAE(a *association) (*sae.Auth, error) {
	n := a.network
	h2e, err := n.SAEHashToElement(saeH2E(a.bss.IEs))
	if err != nil {
		return nil, fmt.Errorf("access point %s: %w: %w", a.peer(), err, ErrAccessPoint)
	}
	if !h2e && saeH2EOnly(a.bss.IEs) {
		return nil, fmt.Errorf("access point %s accepts only SAE hash-to-element; set sae_pwe=1 or 2: %w", a.peer(), ErrAccessPoint)
	}
	rnd := a.opts.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	method := "hunting-and-pecking"
	if h2e {
		method = "hash-to-element"
	}
	auth, err := sae.NewAuth(sae.Config{
		Password: []byte(n.SAEPassword), Identifier: []byte(n.SAEPasswordID), SSID: []byte(a.bss.SSID),
		Own: a.spa, AP: a.bss.BSSID, H2E: h2e, Groups: n.SAEGroups, Rand: rnd,
	})
	if err != nil {
		return nil, fmt.Errorf("SAE with %s: %w: %w", a.peer(), err, ErrAssociation)
	}
	a.logf("SAE with %s (group %s, %s)", a.peer(), auth.Group(), method)
	return auth, nil
}

// runSAE sends our commit and answers the access point's frames until its
// confirm verifies.
func (j *joiner) runSAE(ctx context.Context, a *association, auth *sae.Auth) error {
	if err := j.sendSAE(a, auth.Start()); err != nil {
		return err
	}
	timeout := time.NewTimer(j.opts.AssociateTimeout)
	defer timeout.Stop()
	for !auth.Done() {
		select {
		case ev := <-a.sub.C:
			if e := saeEvent(ev); e != nil {
				if err := j.onSAEFrame(a, auth, e); err != nil {
					return err
				}
			}
		case <-timeout.C:
			return saeSilence(a, auth, fmt.Sprintf("nothing after %s", j.opts.AssociateTimeout))
		case <-a.sub.Done():
			return fmt.Errorf("SAE with %s: %w", a.peer(), nl80211.ErrClosed)
		case <-ctx.Done():
			return fmt.Errorf("SAE with %s: %w", a.peer(), ctx.Err())
		}
	}
	return nil
}

func (j *joiner) sendSAE(a *association, f sae.Frame) error {
	if j.externalSAE {
		return j.sendSAEFrame(a, f)
	}
	err := j.radio.Authenticate(a.ifindex, nl80211.AuthParams{
		BSSID: a.bss.BSSID, Frequency: a.bss.Frequency, SSID: a.bss.SSID, SAEData: f.Bytes(),
	})
	if err != nil {
		return fmt.Errorf("SAE with %s: %w: %w", a.peer(), err, ErrAssociation)
	}
	return nil
}

// onSAEFrame feeds one authentication frame from the access point to the
// exchange and sends the answer.
func (j *joiner) onSAEFrame(a *association, auth *sae.Auth, e *nl80211.AuthEvent) error {
	if e.TimedOut {
		return saeSilence(a, auth, "the kernel gave up waiting")
	}
	f, err := sae.ParseAuthFrame(e.Frame)
	if err == nil {
		group := auth.Group()
		var reply *sae.Frame
		if reply, err = auth.Receive(f); err == nil && reply != nil {
			switch {
			case auth.Group() != group:
				a.logf("SAE with %s: the access point refuses group %s; trying group %s", a.peer(), group, auth.Group())
			case reply.Transaction == f.Transaction:
				a.logf("SAE with %s: the access point asks for an anti-clogging token; sending our commit again with it", a.peer())
			}
			return j.sendSAE(a, *reply)
		}
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sae.ErrUnexpected):
		a.logf("SAE with %s: ignoring a frame: %v", a.peer(), err)
		return nil
	case errors.Is(err, sae.ErrWrongPassword):
		return fmt.Errorf("SAE with %s: %w: %w", a.peer(), err, ErrWrongPassphrase)
	case errors.Is(err, sae.ErrUnsupportedGroup):
		return fmt.Errorf("SAE with %s: %w: %w", a.peer(), err, ErrAccessPoint)
	}
	return fmt.Errorf("SAE with %s: %w: %w", a.peer(), err, ErrAssociation)
}

// saeSilence explains an access point that stopped answering: after our
// confirm, it could not verify it, which means the passwords differ (an
// access point does not answer a confirm it cannot verify, 12.4.8.6.5).
func saeSilence(a *association, auth *sae.Auth, what string) error {
	if auth.Last().Transaction == 2 {
		return fmt.Errorf("SAE with %s: no confirm from the access point after ours (%s): %w", a.peer(), what, ErrWrongPassphrase)
	}
	return fmt.Errorf("SAE with %s: no answer to our commit (%s): %w", a.peer(), what, ErrAssociation)
}

// RSNXE bit and BSS membership selector for SAE hash-to-element
// (802.11-2020 9.4.2.241 Table 9-329; 9.4.2.3 Table 9-80).
const (
	rsnxSAEH2E            = 5
	selectorSAEH2EOnly    = 123
	elementSupportedRates = 1
	elementExtRates       = 50
)

// saeH2E reports whether the RSNXE among ies offers SAE hash-to-element.
func saeH2E(ies []byte) bool {
	e := nl80211.FindElement(ies, wpa.ElementRSNX)
	return len(e) >= 3 && e[2]&(1<<rsnxSAEH2E) != 0
}

// saeH2EOnly reports whether the rates list the SAE H2E-only selector, an
// access point's way to say it accepts nothing else (sae_pwe=1).
func saeH2EOnly(ies []byte) bool {
	for _, id := range []byte{elementSupportedRates, elementExtRates} {
		e := nl80211.FindElement(ies, id)
		for i := 2; i < len(e); i++ {
			if e[i] == 0x80|selectorSAEH2EOnly {
				return true
			}
		}
	}
	return false
}
