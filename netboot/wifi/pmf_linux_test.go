package wifi

import (
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/internal/testutil"
	"golang.org/x/sys/unix"
)

var rsnePSKCCMPMFPC = []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0x80, 0}

// TestSessionSAQuery: an unprotected deauthentication under PMF starts an
// SA Query; the session stays when the access point answers and ends
// (for the caller to join again) when it does not.
func TestSessionSAQuery(t *testing.T) {
	const pmfConf = "network={\n ssid=\"home\"\n psk=\"correct horse battery staple\"\n ieee80211w=1\n}\n"
	tests := []struct {
		name     string
		reason   uint16
		answer   bool
		wantSent int // SA Query Requests at least
		wantLost string
	}{
		{name: "the access point answers: forged", reason: 7, answer: true, wantSent: 1},
		{name: "no answer: the access point has forgotten us", reason: 7, wantSent: 4,
			wantLost: `link to 02:00:00:00:00:01 ("home") lost: after an unprotected deauthentication from 02:00:00:00:00:01 (reason 7: class 3 frame from a non-associated station), no answer to our SA Query within 1s: the access point has forgotten us: link lost`},
		{name: "another reason is not worth a query", reason: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMPMFPC)
			w := newWorld(t, ccmpWiphy, ap)
			sta := testutil.MAC(t, staMAC)
			requests := make(chan []byte, 16)
			w.k.OnFrameTx = func(ifi int, frame []byte) {
				requests <- frame
				if tt.answer {
					resp := saQueryFrame(sta, ap.bss.BSSID, saQueryResponse, [2]byte{frame[26], frame[27]})
					copy(resp[16:22], ap.bss.BSSID)
					if err := w.k.DeliverFrame(ifi, resp); err != nil {
						t.Error(err)
					}
				}
			}
			s, err := w.join(pmfConf, w.options())
			if err != nil {
				t.Fatalf("Join: %v\n%s", err, w.log())
			}
			if m, _ := w.connectRequest().Attr(unix.NL80211_ATTR_USE_MFP); m == nil {
				t.Fatal("CMD_CONNECT without USE_MFP")
			}
			if n := len(w.k.Requests(unix.NL80211_CMD_REGISTER_FRAME)); n != 1 {
				t.Errorf("%d frame registrations, want 1 (SA Query responses)", n)
			}
			w.k.UnprotDeauthenticated(ifindex, ap.bss.BSSID, sta, tt.reason)
			lost := waitLost(s, 1500*time.Millisecond)
			sent := len(requests)
			for range sent {
				f := <-requests
				if f[24] != categorySAQuery || f[25] != saQueryRequest || string(f[4:10]) != string(ap.bss.BSSID) || string(f[10:16]) != string(sta) {
					t.Errorf("not an SA Query Request to the access point: % x", f)
				}
			}
			if sent < tt.wantSent || (tt.wantSent == 0 && sent != 0) || (tt.answer && sent != 1) {
				t.Errorf("%d SA Query Requests sent, want %d", sent, tt.wantSent)
			}
			switch {
			case tt.wantLost == "" && lost != "":
				t.Errorf("session ended: %s\n%s", lost, w.log())
			case tt.wantLost != "" && lost != tt.wantLost:
				t.Errorf("session ended with %q\nwant %q\n%s", lost, tt.wantLost, w.log())
			}
			if tt.answer && !strings.Contains(w.log(), "answered our SA Query: the unprotected deauthentication") {
				t.Errorf("the log does not say the deauthentication was forged:\n%s", w.log())
			}
		})
	}
}

// waitLost returns the error of the session's LinkLost event, "" if none
// came within d.
func waitLost(s *Session, d time.Duration) string {
	timeout := time.After(d)
	for {
		select {
		case ev, ok := <-s.Events():
			if !ok {
				return "events closed"
			}
			if ev.Kind == LinkLost {
				return ev.Err.Error()
			}
		case <-timeout:
			return ""
		}
	}
}
