package wifi

import (
	"bytes"
	"errors"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

const homeConf = `ctrl_interface=/run/wpa_supplicant
country=DE
network={
	ssid="home"
	psk="correct horse battery staple"
	key_mgmt=WPA-PSK
}
`

func TestJoinWPA2(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newWorld(t, ccmpWiphy, ap)
	s, err := w.join(homeConf, w.options())
	if err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if diff := cmp.Diff([]string{"message 2", "message 4"}, ap.messages()); diff != "" {
		t.Errorf("frames the access point received (-want +got):\n%s", diff)
	}
	wantKeys := []nl80211test.Key{
		{Ifindex: ifindex, MAC: ap.bss.BSSID, Index: 0, Cipher: 0x000fac04, Data: ap.ptk.TK[:], Pairwise: true},
		{Ifindex: ifindex, Index: 1, Cipher: 0x000fac04, Data: ap.gtk, Seq: []byte{0x2a, 1, 0, 0, 0, 0}},
	}
	if diff := cmp.Diff(wantKeys, w.k.Keys()); diff != "" {
		t.Errorf("installed keys (-want +got):\n%s", diff)
	}
	if got := w.k.Authorized(ifindex); !bytes.Equal(got, ap.bss.BSSID) {
		t.Errorf("port authorized for %s, want %s", got, ap.bss.BSSID)
	}
	r := w.connectRequest()
	ours := []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0, 0}
	if ie, _ := r.Attr(unix.NL80211_ATTR_IE); !bytes.Equal(ie, ours) {
		t.Errorf("CMD_CONNECT carries IE %x, want our RSN element %x", ie, ours)
	}
	for _, a := range []uint16{unix.NL80211_ATTR_CONTROL_PORT, unix.NL80211_ATTR_CONTROL_PORT_OVER_NL80211, unix.NL80211_ATTR_SOCKET_OWNER} {
		if !r.Has(a) {
			t.Errorf("CMD_CONNECT lacks attribute %d", a)
		}
	}
	if got := w.k.Alpha2(); got != "DE" {
		t.Errorf("regulatory domain %q, want DE", got)
	}
	want := sessionSummary{Interface: "wlan0", Ifindex: ifindex, MAC: staMAC, SSID: "home", BSSID: "02:00:00:00:00:01", Frequency: 2412, Signal: -5000}
	if diff := cmp.Diff(want, summarize(s)); diff != "" {
		t.Errorf("session (-want +got):\n%s", diff)
	}
	tm := s.Times
	if tm.InterfaceUp.Before(tm.Start) || tm.Associated.Before(tm.InterfaceUp) || tm.KeysInstalled.Before(tm.Associated) || tm.KeysInstalled.IsZero() || !tm.SAEStarted.IsZero() {
		t.Errorf("timeline out of order: %+v", tm)
	}
}

// sessionSummary is what a Session says about the connection.
type sessionSummary struct {
	Interface        string
	Ifindex          int
	MAC, SSID, BSSID string
	Frequency        int
	Signal           int
	Offloaded        bool
}

func summarize(s *Session) sessionSummary {
	return sessionSummary{Interface: s.Interface, Ifindex: s.Ifindex, MAC: s.MAC.String(), SSID: s.SSID, BSSID: s.BSSID.String(),
		Frequency: s.Frequency, Signal: s.Signal, Offloaded: s.Offloaded}
}

func TestJoinKeepsSessionFresh(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newWorld(t, ccmpWiphy, ap)
	s, err := w.join(homeConf, w.options())
	if err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	ap.groupRekey()
	if e := nextEvent(t, s); e.Kind != GroupRekeyed {
		t.Fatalf("event %v, want %v", e, GroupRekeyed)
	}
	keys := w.k.Keys()
	last := keys[len(keys)-1]
	if last.Index != 2 || !bytes.Equal(last.Data, ap.gtk) || !bytes.Equal(last.Seq, []byte{7, 0, 0, 0, 0, 0}) || last.Pairwise {
		t.Errorf("group rekey installed %+v, want index 2, the new GTK and RSC 7", last)
	}
	// The key is installed before group message 2 leaves: wait for it.
	waitFor(t, "group message 2", func() bool {
		got := ap.messages()
		return got[len(got)-1] == "group message 2"
	})
	w.k.Deauthenticated(ifindex, ap.bss.BSSID, testutil.MAC(t, staMAC), 4)
	err = s.Wait()
	want := `link to 02:00:00:00:00:01 ("home") lost: the access point disconnected us (reason 4: inactivity): link lost`
	if !errors.Is(err, ErrLinkLost) || err.Error() != want {
		t.Errorf("Wait() = %v\nwant %s", err, want)
	}
	if e := nextEvent(t, s); e.Kind != LinkLost {
		t.Errorf("last event %v, want %v", e, LinkLost)
	}
}

func TestJoinOpenNetwork(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "cafe", "", nil)
	w := newWorld(t, ccmpWiphy, ap)
	s, err := w.join("network={\n ssid=\"cafe\"\n key_mgmt=NONE\n}\n", w.options())
	if err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	r := w.connectRequest()
	for _, a := range []uint16{unix.NL80211_ATTR_CONTROL_PORT, unix.NL80211_ATTR_IE, unix.NL80211_ATTR_WPA_VERSIONS, unix.NL80211_ATTR_PRIVACY} {
		if r.Has(a) {
			t.Errorf("CMD_CONNECT for an open network carries attribute %d", a)
		}
	}
	if len(w.k.Keys()) != 0 {
		t.Errorf("keys installed for an open network: %v", w.k.Keys())
	}
	if s.Times.Associated.IsZero() || !s.Times.KeysInstalled.IsZero() {
		t.Errorf("timeline %+v, want associated and no keys", s.Times)
	}
	if err := s.Close(); err != nil || s.Wait() != nil {
		t.Errorf("Close() = %v, Wait() = %v; want nil, nil", err, s.Wait())
	}
	if reqs := w.k.Requests(unix.NL80211_CMD_DISCONNECT); len(reqs) != 0 {
		t.Errorf("Close sent %d CMD_DISCONNECT, which the kernel refuses from a socket that does not own the connection", len(reqs))
	}
}

func TestJoinHiddenNetwork(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "attic", "correct horse battery staple", rsnePSKCCMP)
	ap.bss.Hidden = true
	tests := []struct {
		name    string
		conf    string
		wantErr string
	}{
		{
			name: "probed with scan_ssid=1",
			conf: "network={\n ssid=\"attic\"\n scan_ssid=1\n psk=\"correct horse battery staple\"\n}\n",
		},
		{
			name:    "not probed",
			conf:    "network={\n ssid=\"attic\"\n psk=\"correct horse battery staple\"\n}\n",
			wantErr: `SSID "attic" not found (seen: 1 hidden; a hidden network needs scan_ssid=1)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, ccmpWiphy, ap)
			_, err := w.join(tt.conf, w.options())
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Join: %v\n%s", err, w.log())
				}
				scan := w.k.Requests(unix.NL80211_CMD_TRIGGER_SCAN)[0]
				ssids, _ := scan.Attr(unix.NL80211_ATTR_SCAN_SSIDS)
				if !bytes.Contains(ssids, []byte("attic")) {
					t.Errorf("the scan did not probe for attic: %x", ssids)
				}
				return
			}
			if err == nil || err.Error() != tt.wantErr || !errors.Is(err, ErrNotFound) {
				t.Errorf("Join error %v\nwant %s", err, tt.wantErr)
			}
		})
	}
}

func TestJoinSSIDNotFound(t *testing.T) {
	cafe := newFakeAP(t, "02:00:00:00:00:02", "cafe", "", nil)
	cafe.bss.Signal = -7000
	neighbour := newFakeAP(t, "02:00:00:00:00:03", "neighbour", "another pass-phrase", rsnePSKCCMP)
	w := newWorld(t, ccmpWiphy, cafe, neighbour)
	_, err := w.join(homeConf, w.options())
	want := `SSID "home" not found (seen: neighbour, cafe)`
	if err == nil || err.Error() != want {
		t.Fatalf("Join error %v\nwant %s", err, want)
	}
	if !errors.Is(err, ErrNotFound) || RetryOf(err) != RetrySoon {
		t.Errorf("error %v: ErrNotFound %v, %v; want true, %v", err, errors.Is(err, ErrNotFound), RetryOf(err), RetrySoon)
	}
	if n := len(w.k.Requests(unix.NL80211_CMD_TRIGGER_SCAN)); n != 2 {
		t.Errorf("%d scans before giving up, want 2", n)
	}
}

func TestJoinWrongPassphrase(t *testing.T) {
	const want = "handshake with 02:00:00:00:00:01 failed: the access point rejected our key — wrong pass-phrase?"
	tests := []struct {
		name     string
		onBadMIC func(ap *fakeAP)
	}{
		{name: "the access point stays silent"},
		{name: "the access point deauthenticates", onBadMIC: func(ap *fakeAP) {
			ap.k.Deauthenticated(ifindex, ap.bss.BSSID, ap.sta, 15)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newFakeAP(t, "02:00:00:00:00:01", "home", "a different pass-phrase", rsnePSKCCMP)
			ap.onBadMIC = tt.onBadMIC
			w := newWorld(t, ccmpWiphy, ap)
			_, err := w.join(homeConf, w.options())
			if err == nil || err.Error() != want {
				t.Fatalf("Join error %v\nwant %s\n%s", err, want, w.log())
			}
			if !errors.Is(err, ErrWrongPassphrase) || RetryOf(err) != RetrySlowly {
				t.Errorf("error %v: RetryOf %v, want %v", err, RetryOf(err), RetrySlowly)
			}
			if got := ap.messages(); len(got) == 0 || got[0] != "message 2 with a bad MIC" {
				t.Errorf("the access point received %q, want a message 2 with a bad MIC", got)
			}
		})
	}
}
