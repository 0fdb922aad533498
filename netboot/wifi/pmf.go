package wifi

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
)

// saQueryActions are the action frames the association registers for when
// management frame protection is in use: SA Query Responses.
var saQueryActions = [][]byte{{categorySAQuery, saQueryResponse}}

// usesPMF reports whether the connection negotiated management frame
// protection.
func (a *association) usesPMF() bool { return a.sec.rsn != nil && a.sec.rsn.MFP }

// onUnprotected handles a deauthentication or disassociation the kernel
// dropped as unprotected. 802.11-2020 11.13: reason 6 or 7 (a class 2 or 3
// frame from a station the access point does not know) is what an access
// point that lost our association sends; it starts an SA Query. Any other
// reason cannot come from an access point that still has our keys (it would
// have protected it) nor from one that lost them: it is ignored, as
// wpa_supplicant does.
func (a *association) onUnprotected(e *nl80211.DeauthEvent) error {
	what := fmt.Sprintf("unprotected %s from %s (%s)", deauthKind(e), e.Source, Reason(e.Reason))
	if !a.authorized || !a.usesPMF() || !bytes.Equal(e.Source, a.bss.BSSID) ||
		(e.Reason != reasonClass2Frame && e.Reason != reasonClass3Frame) {
		a.logf("ignoring an %s: management frame protection is in use", what)
		return nil
	}
	if a.saq == nil {
		a.saq = newSAQuery()
	}
	now := a.opts.Now()
	if !a.saq.start(now) {
		a.logf("ignoring an %s: an SA Query ran less than %v ago", what, a.saq.minGap)
		return nil
	}
	a.logf("%s: asking the access point with an SA Query whether it still knows us", what)
	a.unprot = what
	return a.saTick()
}

// saTick does what the SA Query wants done now: send a request, or give up
// and end the link so that the caller joins again.
func (a *association) saTick() error {
	now := a.opts.Now()
	switch a.saq.due(now) {
	case saSend:
		var id [2]byte
		if _, err := io.ReadFull(a.rand(), id[:]); err != nil {
			return fmt.Errorf("SA Query to %s: transaction ID: %w", a.peer(), err)
		}
		if err := a.radio.SendFrame(a.ifindex, saQueryFrame(a.bss.BSSID, a.spa, saQueryRequest, id)); err != nil {
			a.logf("SA Query to %s: %v", a.peer(), err) // the retry timer tries again
		}
		a.saq.sent(now, id)
	case saGiveUp:
		a.apEnded = true // its unprotected frame started the query
		return fmt.Errorf("link to %s lost: after an %s, no answer to our SA Query within %v: the access point has forgotten us: %w",
			a.peer(), a.unprot, a.saq.max, ErrLinkLost)
	}
	return nil
}

// saTimer fires when the SA Query wants attention; nil when none runs.
func (a *association) saTimer() <-chan time.Time {
	if a.saq == nil || !a.saq.running() {
		return nil
	}
	return time.After(a.saq.wake().Sub(a.opts.Now()))
}

// onManagementFrame takes an SA Query Response: one that answers our
// request (it came protected: mac80211 drops unprotected robust action
// frames under PMF) proves that the access point still holds our
// association, so the unprotected frame was forged.
func (a *association) onManagementFrame(f *nl80211.ManagementFrame) {
	id, ok := parseSAQueryResponse(f.Frame, a.bss.BSSID, a.spa)
	if !ok || a.saq == nil || !a.saq.answered(id) {
		return
	}
	a.logf("%s answered our SA Query: the %s was forged; staying", a.peer(), a.unprot)
}

func (a *association) rand() io.Reader {
	if a.opts.Rand != nil {
		return a.opts.Rand
	}
	return rand.Reader
}
