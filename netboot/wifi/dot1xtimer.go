package wifi

import (
	"fmt"
	"time"

	"github.com/airroot/airroot/netboot/eap"
)

// The supplicant PAE's timers (IEEE 802.1X-2004 8.2.11, the supplicant
// PAE state machine, kept by 802.1X-2010): after association it waits for the
// authenticator's EAP-Request/Identity and, hearing none, asks with
// EAPOL-Start up to maxStart times. The standard's startPeriod is 30 s;
// wpa_supplicant sends its first EAPOL-Start after only 2 s (most
// authenticators start at once, and an early Start would restart them),
// then every 30 s. A board on a campus network should not wait minutes, so
// the waits here are 2, 4 and 8 s, and one more 8 s before giving up.
const (
	maxStart = 3 // 802.1X-2010's maxStart
	// eapIdle is how long the server may take to send its next Request
	// once we answered one (RFC 3748 4.3: the authenticator retransmits,
	// the peer only answers; a method that stalls must still end). It
	// covers a RADIUS round trip and one retransmission by the
	// authenticator (hostapd retransmits after about 3 s).
	eapIdle = 10 * time.Second
)

// dot1xTimer is when the supplicant PAE acts next without a frame from the
// access point: an EAPOL-Start, or giving up on a silent server.
type dot1xTimer struct {
	period time.Duration // the wait before the first EAPOL-Start, doubled for the next
	idle   time.Duration // eapIdle; tests shorten it
	heard  bool          // an EAP-Request came: the authenticator leads now
	starts int           // EAPOL-Starts sent
	due    time.Time     // zero: nothing due
	method eap.Type      // of the last Request answered, for the stall message
}

// associated starts the wait for the authenticator.
func (t *dot1xTimer) associated(now time.Time) {
	t.heard, t.starts, t.due = false, 0, now.Add(t.period)
}

// answered records a Request we answered; done (EAP-Success) stops the
// timer, since the 4-way handshake's own timers take over.
func (t *dot1xTimer) answered(now time.Time, req []byte, done bool) {
	t.heard = true
	if done {
		t.due = time.Time{}
		return
	}
	if len(req) > 4 && req[0] == byte(eap.CodeRequest) {
		t.method = eap.Type(req[4])
	}
	t.due = now.Add(t.idle)
}

// after returns a channel that fires when the timer is due, nil when
// nothing is.
func (t *dot1xTimer) after(now time.Time) <-chan time.Time {
	if t.due.IsZero() {
		return nil
	}
	return time.After(t.due.Sub(now))
}

// expired handles the timer: it returns the EAPOL-Start to send, or the
// error that ends the attempt (Join retries it).
func (t *dot1xTimer) expired(now time.Time, peer string) ([]byte, error) {
	switch {
	case t.due.IsZero() || now.Before(t.due):
		return nil, nil
	case t.heard:
		t.due = time.Time{}
		return nil, fmt.Errorf("802.1X: EAP-%v with %s stalled: no next Request from the server within %s of our Response: %w",
			t.method, peer, t.idle, ErrHandshake)
	case t.starts < maxStart:
		t.starts++
		t.due = now.Add(t.period << min(t.starts, maxStart-1))
		return eap.StartFrame(), nil
	}
	t.due = time.Time{}
	return nil, fmt.Errorf("802.1X: %s never started authentication: no EAP-Request/Identity after association and %d EAPOL-Starts: %w",
		peer, maxStart, ErrHandshake)
}
