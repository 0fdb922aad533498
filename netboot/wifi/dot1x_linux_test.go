package wifi

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/airroot/airroot/netboot/eap"
	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
)

var rsneEAPCCMP = []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 1, 0, 0}

const eapConf = `network={
	ssid="campus"
	key_mgmt=WPA-EAP
	eap=PEAP
	identity="pi@example.org"
	anonymous_identity="anonymous@example.org"
	password="secret"
	domain_suffix_match="example.org"
}
`

// silentAuthenticator is an 802.1X access point that waits for the
// station's EAPOL-Start before its EAP-Request/Identity (answering after
// the answerStart-th one; 0: never), then refuses whoever answers with an
// EAP-Failure. It records the EAPOL frames it got, with when.
type silentAuthenticator struct {
	ap          *fakeAP
	answerStart int

	mu       sync.Mutex
	received []string
	at       []time.Time
}

func newSilentAuthenticator(w *world, answerStart int) *silentAuthenticator {
	ap := newFakeAP(w.t, "02:00:00:00:00:07", "campus", "unused pass-phrase", rsneEAPCCMP)
	w.add(ap)
	s := &silentAuthenticator{ap: ap, answerStart: answerStart}
	w.k.OnConnect = func(r nl80211test.ConnectRequest) {
		ap.ifindex = r.Ifindex
		w.k.ConnectResult(r.Ifindex, ap.bss.BSSID, 0)
	}
	w.k.OnControlPortTx = s.receive
	return s
}

func (s *silentAuthenticator) receive(f nl80211test.ControlPortTx) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.at = append(s.at, time.Now())
	switch {
	case len(f.Frame) >= 4 && f.Frame[1] == eap.EAPOLStart:
		s.received = append(s.received, "EAPOL-Start")
		if len(s.received) == s.answerStart {
			go s.ap.deliver(eap.ToEAPOL([]byte{1, 1, 0, 5, 1}), true)
		}
	case len(f.Frame) > 8 && f.Frame[4] == byte(eap.CodeResponse) && f.Frame[8] == byte(eap.TypeIdentity):
		s.received = append(s.received, "Identity "+string(f.Frame[9:]))
		go s.ap.deliver(eap.ToEAPOL([]byte{4, 1, 0, 4}), true)
	default:
		s.received = append(s.received, "unexpected")
	}
}

func (s *silentAuthenticator) frames() ([]string, []time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.received...), append([]time.Time(nil), s.at...)
}

// TestJoinSendsEAPOLStart: an 802.1X access point that waits for the
// station (802.1X-2004 8.2.11 lets either side begin) gets EAPOL-Starts
// with growing gaps, at most three, and the station gives up on one that
// never answers with a message that says so.
func TestJoinSendsEAPOLStart(t *testing.T) {
	const period = 40 * time.Millisecond
	tests := []struct {
		name        string
		answerStart int
		want        []string
		wantErr     string
	}{
		{"answers the first", 1, []string{"EAPOL-Start", "Identity anonymous@example.org"},
			"authenticate with 02:00:00:00:00:07 (\"campus\"): 802.1X: EAP-Failure before any method"},
		{"answers the third", 3, []string{"EAPOL-Start", "EAPOL-Start", "EAPOL-Start", "Identity anonymous@example.org"},
			"authenticate with 02:00:00:00:00:07 (\"campus\"): 802.1X: EAP-Failure before any method"},
		{"never answers", 0, []string{"EAPOL-Start", "EAPOL-Start", "EAPOL-Start"},
			"802.1X: 02:00:00:00:00:07 (\"campus\") never started authentication: no EAP-Request/Identity after association and 3 EAPOL-Starts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, ccmpWiphy)
			s := newSilentAuthenticator(w, tt.answerStart)
			opts := w.options()
			opts.EAPOLStartPeriod = period
			began := time.Now()
			_, err := w.join(eapConf, opts)
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("Join error %v\nwant %s…\n%s", err, tt.wantErr, w.log())
			}
			if !errors.Is(err, ErrHandshake) || RetryOf(err) != RetrySoon {
				t.Errorf("error %v: RetryOf %v, want ErrHandshake, %v", err, RetryOf(err), RetrySoon)
			}
			got, at := s.frames()
			if strings.Join(got, ", ") != strings.Join(tt.want, ", ") {
				t.Errorf("the access point got %q, want %q", got, tt.want)
			}
			// The gaps before each EAPOL-Start: period, 2×period, 4×period. The
			// access point stamps a frame when it arrives, a little after the
			// station sent it and started its next wait: a quarter period of
			// slack keeps a busy machine from failing the test, and still tells
			// a doubling wait from a fixed one.
			prev := began
			for i := 0; i < len(at) && got[i] == "EAPOL-Start"; i++ {
				if want := period<<i - period/4; at[i].Sub(prev) < want {
					t.Errorf("EAPOL-Start %d came %v after the last event, want at least %v", i+1, at[i].Sub(prev), want)
				}
				prev = at[i]
			}
		})
	}
}
