package wifi

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa"
)

// connect associates with the chosen access point and returns once the
// port is open.
func (j *joiner) connect(ctx context.Context, c candidate, sec *security) (*association, error) {
	a := &association{
		radio: j.radio, opts: j.opts, ifindex: j.ifi.Index, ifname: j.ifi.Name, spa: j.ifi.MAC,
		bss: c.bss, network: c.network, sec: sec, times: &j.times,
	}
	params := nl80211.ConnectParams{SSID: c.bss.SSID, BSSID: c.bss.BSSID, Frequency: c.bss.Frequency, Privacy: c.bss.Privacy()}
	if !sec.open {
		offload, err := handshakeMode(j.opts.Handshake, j.wiphy, j.ifi.Name)
		if err != nil {
			return nil, err
		}
		if offload, err = a.withDot1X(offload, j.opts); err != nil {
			return nil, err
		}
		// After SAE the handshake's PMK is SAE's, which only the host has.
		a.offload = offload && !a.usesSAE()
		params.IEs, params.RSN = sec.ourRSNE, sec.rsn
		if sec.rsn.MFP {
			params.ActionFrames = saQueryActions
		}
		if a.offload {
			params.PMK = c.network.PSK[:]
		} else {
			if params.ControlPortOverNL80211, err = eapolOverNL80211(j.opts.EAPOL, j.wiphy, j.ifi.Name); err != nil {
				return nil, err
			}
			a.newHandshake()
			if err := a.offerPMKSA(&params); err != nil {
				return nil, err
			}
		}
	}
	a.sub = j.radio.Subscribe(a.ifindex)
	if err := j.openPAE(a, params); err != nil {
		a.sub.Close()
		return nil, err
	}
	j.logf("connecting to %s (%s handshake)", a.peer(), describeMode(a, params))
	if a.usesSAE() {
		owner, err := j.connectSAE(ctx, a, params)
		return j.connected(ctx, a, owner, err)
	}
	owner, err := j.radio.Connect(a.ifindex, params)
	if errors.Is(err, syscall.EALREADY) {
		// Still connected from before (another program, or a session
		// whose socket was handed on and closed): start afresh.
		j.logf("%s is still connected; disconnecting first", j.ifi.Name)
		if derr := j.radio.Disconnect(a.ifindex, reasonLeaving); derr != nil {
			j.logf("%v", derr)
		}
		owner, err = j.radio.Connect(a.ifindex, params)
	}
	if err != nil {
		err = fmt.Errorf("associate with %s: %w: %w", a.peer(), err, ErrAssociation)
	}
	return j.connected(ctx, a, owner, err)
}

// connected waits, once the connection is requested, until the port opens.
func (j *joiner) connected(ctx context.Context, a *association, owner *nl80211.Association, err error) (*association, error) {
	up, err := j.establishOn(ctx, a, owner, err)
	j.noteConnection(ctx, a, err)
	return up, err
}

// establishOn runs the handshake on the connection owner, unless
// requesting it failed with err.
func (j *joiner) establishOn(ctx context.Context, a *association, owner *nl80211.Association, err error) (*association, error) {
	if err != nil {
		a.forgetPMKSA(err.Error())
		a.close()
		return nil, err
	}
	a.owner = owner
	if err := j.establish(ctx, a); err != nil {
		a.forgetPMKSA(err.Error())
		a.close()
		return nil, err
	}
	return a, nil
}

// openPAE opens the AF_PACKET socket when EAPOL cannot travel over nl80211.
func (j *joiner) openPAE(a *association, p nl80211.ConnectParams) error {
	if a.hs == nil || p.ControlPortOverNL80211 {
		return nil
	}
	if j.listenPAE != nil {
		return j.listenPAE(a)
	}
	pae, err := j.radio.ListenPAE(a.ifindex)
	if err != nil {
		return err
	}
	a.pae, a.sendPAE = pae, pae.Send
	return nil
}

func describeMode(a *association, p nl80211.ConnectParams) string {
	switch {
	case a.sec.open:
		return "open network, no"
	case a.offload:
		return "driver"
	case p.ControlPortOverNL80211:
		return "host, EAPOL over nl80211,"
	}
	return "host, EAPOL over AF_PACKET,"
}

// handshakeLine names, once the port is open, who ran the 4-way handshake
// and with which AKM: "4-way handshake by the host supplicant (WPA-PSK,
// EAPOL over nl80211)" or "4-way handshake offloaded to the driver
// (WPA-PSK)".
func (a *association) handshakeLine() string {
	var akm string
	switch {
	case a.hs != nil:
		akm = wpa.AKMName(a.hs.AKM())
	case a.sec != nil && a.sec.rsn != nil:
		akm = wpa.AKMName(wpa.Suite(a.sec.rsn.AKM))
	}
	switch {
	case a.offload:
		return fmt.Sprintf("4-way handshake offloaded to the driver (%s)", akm)
	case a.pae != nil || a.sendPAE != nil:
		return fmt.Sprintf("4-way handshake by the host supplicant (%s, EAPOL over AF_PACKET)", akm)
	}
	return fmt.Sprintf("4-way handshake by the host supplicant (%s, EAPOL over nl80211)", akm)
}

// establish handles the connection's events until the port is open.
func (j *joiner) establish(ctx context.Context, a *association) error {
	assoc := time.NewTimer(j.opts.AssociateTimeout)
	defer assoc.Stop()
	var keys, msg3, eapDue <-chan time.Time
	keysArmed := false
	for !a.authorized {
		select {
		case ev := <-a.sub.C:
			if err := a.handle(ev); err != nil {
				return err
			}
		case <-assoc.C:
			return fmt.Errorf("associate with %s: no result after %s: %w", a.peer(), j.opts.AssociateTimeout, ErrAssociation)
		case <-keys:
			return a.stalled()
		case <-msg3:
			return a.stalled()
		case <-eapDue:
			if err := a.onEAPTimer(); err != nil {
				return err
			}
		case <-a.sub.Done():
			return fmt.Errorf("associate with %s: %w", a.peer(), nl80211.ErrClosed)
		case <-ctx.Done():
			return fmt.Errorf("associate with %s: %w", a.peer(), ctx.Err())
		}
		if a.connected && !keysArmed {
			keysArmed = true
			assoc.Stop()
			keys = time.After(j.handshakeTimeout(a))
			if a.x != nil {
				a.x.timer.associated(j.opts.Now())
			}
		}
		eapDue = a.eapTimer()
		if a.hs != nil && a.hs.Phase() != wpa.PhaseWaitMessage1 {
			keys = nil // message 1 came; the message 3 timer takes over
		}
		if !a.msg2At.IsZero() && msg3 == nil {
			msg3 = time.After(j.opts.Message3Timeout)
		}
	}
	return nil
}

// handshakeTimeout is how long the keys may take once associated.
func (j *joiner) handshakeTimeout(a *association) time.Duration {
	switch {
	case a.offload:
		return j.opts.Message1Timeout + j.opts.Message3Timeout
	case a.x != nil:
		return j.opts.Message1Timeout + eapTimeout
	}
	return j.opts.Message1Timeout
}
