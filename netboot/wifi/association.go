package wifi

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// reasonLeaving is the reason code of a disconnect we ask for (the
// station is leaving).
const reasonLeaving = 3

// maxEarlyFrames bounds the EAPOL frames kept while the CONNECT result is
// on its way (they travel on another socket and may overtake it).
const maxEarlyFrames = 8

// association is one connection to an access point: its events, the
// 4-way handshake and the keys. Join drives it until the port opens, then
// a Session's goroutine does.
type association struct {
	radio   Radio
	opts    Options
	ifindex int
	ifname  string
	spa     net.HardwareAddr
	bss     nl80211.BSS
	network conf.Network
	sec     *security
	offload bool
	hs      *wpa.Handshake // nil for open networks and offloaded handshakes
	x       *dot1x         // the 802.1X supplicant of a WPA-EAP network, else nil
	// pmksa is the cached PMKSA offered in the association request, nil
	// when none is; saePMKID names the PMK a full SAE made.
	pmksa    *PMKSA
	saePMKID *[16]byte

	sub   *nl80211.Subscription
	owner *nl80211.Association
	pae   *nl80211.PAE
	// sendPAE transmits over the AF_PACKET socket; tests replace it.
	sendPAE func(dst net.HardwareAddr, frame []byte) error

	connected, authorized bool
	early                 []*nl80211.ControlPortFrame
	msg2At                time.Time // our first message 2 of this attempt
	times                 *Times
	notify                func(Event) // set once the session runs
	saq                   *saQuery    // the SA Query procedure; nil until one starts
	unprot                string      // the unprotected frame that started it
	// apEnded: the access point's own frame ended the established link
	// (a deauthentication, a disassociation, or an unprotected one that
	// our SA Query confirmed): it is in range (see Session.RejoinHint).
	apEnded bool
}

// peer names the access point in messages: 02:00:00:00:00:01 ("home").
func (a *association) peer() string { return fmt.Sprintf("%s (%q)", a.bss.BSSID, a.bss.SSID) }

func (a *association) logf(format string, args ...any) {
	a.opts.Log("wifi: %s: "+format, append([]any{a.ifname}, args...)...)
}

// newHandshake prepares the supplicant for a host-side 4-way handshake.
func (a *association) newHandshake() {
	a.hs = &wpa.Handshake{
		PMK: a.network.PSK, AA: a.bss.BSSID, SPA: a.spa,
		APRSNE: a.sec.apRSNE, OurRSNE: a.sec.ourRSNE, APRSNXE: nl80211.FindElement(a.bss.IEs, wpa.ElementRSNX),
		Rand: a.opts.Rand, Install: a.install, Send: a.send,
		Log: func(format string, args ...any) { a.logf(format, args...) },
	}
}

// send transmits one of the handshake's frames: in the clear until a
// pairwise key is installed, encrypted with it from then on (as
// wpa_supplicant's control port TX does), except while the access point
// restarts the handshake in the clear (wpa.Handshake.EncryptReplies).
func (a *association) send(frame []byte) error {
	if a.sendPAE != nil {
		return a.sendPAE(a.bss.BSSID, frame)
	}
	return a.radio.SendControlPortFrame(a.ifindex, a.bss.BSSID, frame, !a.hs.EncryptReplies())
}

// install hands a key from the handshake to the driver.
func (a *association) install(k wpa.InstalledKey) error {
	if err := a.radio.NewKey(a.ifindex, nlKey(k, a.bss.BSSID)); err != nil {
		return err
	}
	if k.Type == wpa.KeyGroup && k.Tx {
		if err := a.radio.SetDefaultKey(a.ifindex, k.Index); err != nil {
			return err
		}
	}
	if a.authorized && a.notify != nil {
		kind := GroupRekeyed
		if k.Type == wpa.KeyPairwise {
			kind = PairwiseRekeyed
		}
		a.notify(Event{Kind: kind, Time: a.opts.Now(), Detail: k.String()})
	}
	return nil
}

// handle processes one event. It returns an error when the connection
// cannot go on.
func (a *association) handle(ev nl80211.Event) error {
	switch e := ev.(type) {
	case *nl80211.ConnectEvent:
		return a.onConnect(e)
	case *nl80211.ControlPortFrame:
		return a.onFrame(e)
	case *nl80211.DisconnectEvent:
		return a.onDisconnect(e)
	case *nl80211.DeauthEvent:
		if e.Unprotected {
			return a.onUnprotected(e)
		}
		if !bytes.Equal(e.Source, a.spa) {
			a.logf("%s from %s: %s", deauthKind(e), e.Source, Reason(e.Reason))
		}
	case *nl80211.PortAuthorizedEvent:
		if a.offload && a.connected && !a.authorized {
			a.logf("%s: port to %s authorized", a.handshakeLine(), a.peer())
			a.opened()
		}
	case *nl80211.ManagementFrame:
		a.onManagementFrame(e)
	case *nl80211.ErrorEvent:
		return e.Err
	}
	return nil
}

func deauthKind(e *nl80211.DeauthEvent) string {
	if e.Disassociation {
		return "disassociation"
	}
	return "deauthentication"
}

func (a *association) onConnect(e *nl80211.ConnectEvent) error {
	if a.connected {
		return nil
	}
	switch {
	case e.TimedOut:
		return fmt.Errorf("associate with %s: no answer from the access point: %w", a.peer(), ErrAssociation)
	case e.Status != 0:
		return fmt.Errorf("associate with %s: the access point refused (%s): %w", a.peer(), Status(e.Status), ErrAssociation)
	}
	a.connected = true
	a.times.Associated = a.opts.Now()
	a.logf("associated with %s", a.peer())
	if a.sec.open {
		// Without CONTROL_PORT the kernel opens the port itself.
		a.opened()
		return nil
	}
	early := a.early
	a.early = nil
	for _, f := range early {
		if err := a.onFrame(f); err != nil {
			return err
		}
	}
	return nil
}

// onFrame feeds an EAPOL frame from the access point to the handshake.
func (a *association) onFrame(f *nl80211.ControlPortFrame) error {
	if a.hs == nil || f.Proto != 0x888e || !bytes.Equal(f.Source, a.bss.BSSID) {
		return nil
	}
	if !a.connected {
		if len(a.early) < maxEarlyFrames {
			a.early = append(a.early, f)
		}
		return nil
	}
	if taken, err := a.dot1xFrame(f); taken {
		return err
	}
	handle := a.hs.HandleEAPOL
	if f.Unencrypted {
		handle = a.hs.HandleUnencryptedEAPOL
	}
	err := handle(f.Frame)
	if a.hs.Phase() == wpa.PhaseFailed {
		return fmt.Errorf("handshake with %s failed: %w: %w", a.bss.BSSID, err, ErrHandshake)
	}
	if err != nil {
		a.logf("%v", err)
		if a.notify != nil {
			var drop *wpa.DropError
			if errors.As(err, &drop) {
				a.notify(Event{Kind: FrameDropped, Time: a.opts.Now(), Err: err})
			}
		}
	}
	if a.hs.Phase() == wpa.PhaseWaitMessage3 && a.msg2At.IsZero() {
		a.msg2At = a.opts.Now()
	}
	if a.hs.Phase() == wpa.PhaseComplete && !a.authorized {
		if err := a.radio.AuthorizePort(a.ifindex, a.bss.BSSID); err != nil {
			return fmt.Errorf("handshake with %s: %w", a.bss.BSSID, err)
		}
		a.logf("%s: keys installed, port to %s authorized", a.handshakeLine(), a.peer())
		a.opened()
	}
	return nil
}

// opened records that traffic can flow.
func (a *association) opened() {
	a.authorized = true
	a.msg2At = time.Time{}
	a.rememberPMKSA()
	if !a.sec.open {
		a.times.KeysInstalled = a.opts.Now()
	}
}

// onDisconnect ends the connection, naming the likely cause.
func (a *association) onDisconnect(e *nl80211.DisconnectEvent) error {
	by := "we disconnected"
	if e.ByAP {
		by = "the access point disconnected us"
	}
	cause := fmt.Sprintf("%s (%s)", by, Reason(e.Reason))
	if !a.connected {
		// Only a connection that was made can end: this one is an echo
		// of an earlier connection on the interface.
		a.logf("ignoring a disconnection before the association: %s", cause)
		return nil
	}
	switch {
	case a.authorized:
		a.apEnded = e.ByAP
		return fmt.Errorf("link to %s lost: %s: %w", a.peer(), cause, ErrLinkLost)
	case a.hs != nil && a.hs.Phase() == wpa.PhaseWaitMessage3,
		a.offload && a.connected && (e.Reason == 15 || e.Reason == 2):
		a.logf("%s after our message 2", cause)
		return a.wrongPassphrase()
	}
	return fmt.Errorf("connection to %s ended before the keys were installed: %s: %w", a.peer(), cause, ErrAssociation)
}

func (a *association) wrongPassphrase() error {
	return fmt.Errorf("handshake with %s failed: %w", a.bss.BSSID, ErrWrongPassphrase)
}

// stalled explains why the keys are not installed when time ran out.
func (a *association) stalled() error {
	if a.offload {
		a.logf("the driver did not complete the 4-way handshake in time")
		return a.wrongPassphrase()
	}
	if err := a.hs.Stalled(); err != nil {
		a.logf("%v", err)
		if errors.Is(err, wpa.ErrNoMessage3) {
			return a.wrongPassphrase()
		}
	}
	return fmt.Errorf("handshake with %s failed: the access point never started the 4-way handshake: %w", a.bss.BSSID, ErrHandshake)
}

// close ends the connection: closing the socket that owns it makes the
// kernel deauthenticate (CMD_DISCONNECT from any other socket is refused).
func (a *association) close() {
	if a.owner != nil {
		a.owner.Close()
	}
	if a.pae != nil {
		a.pae.Close()
	}
	if a.x != nil {
		a.x.close()
	}
	a.sub.Close()
}
