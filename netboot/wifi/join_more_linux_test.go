package wifi

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"golang.org/x/sys/unix"
)

func TestJoinOffloadedHandshake(t *testing.T) {
	brcmfmac := ccmpWiphy
	brcmfmac.ExtFeatures = []int{unix.NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK}
	tests := []struct {
		name       string
		passphrase string
		mode       HandshakeMode
		wantErr    string
	}{
		{name: "auto", passphrase: "correct horse battery staple", mode: HandshakeAuto},
		{name: "forced", passphrase: "correct horse battery staple", mode: HandshakeOffload},
		{name: "wrong pass-phrase", passphrase: "something else entirely", mode: HandshakeAuto,
			wantErr: "handshake with 02:00:00:00:00:01 failed: the access point rejected our key — wrong pass-phrase?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newFakeAP(t, "02:00:00:00:00:01", "home", tt.passphrase, rsnePSKCCMP)
			w := newWorld(t, brcmfmac, ap)
			opts := w.options()
			opts.Handshake = tt.mode
			s, err := w.join(homeConf, opts)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Join error %v\nwant %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Join: %v\n%s", err, w.log())
			}
			r := w.connectRequest()
			pmk, _ := r.Attr(unix.NL80211_ATTR_PMK)
			if !bytes.Equal(pmk, ap.pmk[:]) || !r.Has(unix.NL80211_ATTR_WANT_1X_4WAY_HS) || r.Has(unix.NL80211_ATTR_CONTROL_PORT) {
				t.Errorf("CMD_CONNECT does not hand the handshake to the driver: PMK %x, WANT_1X_4WAY_HS %v, CONTROL_PORT %v",
					pmk, r.Has(unix.NL80211_ATTR_WANT_1X_4WAY_HS), r.Has(unix.NL80211_ATTR_CONTROL_PORT))
			}
			if !s.Offloaded || s.Times.KeysInstalled.IsZero() || len(w.k.Keys()) != 0 {
				t.Errorf("session offloaded %v, keys installed at %v, keys sent by us %d; want true, set, 0",
					s.Offloaded, s.Times.KeysInstalled, len(w.k.Keys()))
			}
			if want := "4-way handshake offloaded to the driver (WPA-PSK): port to"; !strings.Contains(w.log(), want) {
				t.Errorf("the log does not say %q:\n%s", want, w.log())
			}
		})
	}
}

func TestJoinHostHandshakeOnOffloadingDriver(t *testing.T) {
	brcmfmac := ccmpWiphy
	brcmfmac.ExtFeatures = append(brcmfmac.ExtFeatures, unix.NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK)
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newWorld(t, brcmfmac, ap)
	opts := w.options()
	opts.Handshake = HandshakeHost
	s, err := w.join(homeConf, opts)
	if err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if s.Offloaded || w.connectRequest().Has(unix.NL80211_ATTR_PMK) || len(w.k.Keys()) != 2 {
		t.Errorf("HandshakeHost: offloaded %v, PMK sent %v, %d keys installed; want false, false, 2",
			s.Offloaded, w.connectRequest().Has(unix.NL80211_ATTR_PMK), len(w.k.Keys()))
	}
	if want := "4-way handshake by the host supplicant (WPA-PSK, EAPOL over nl80211): keys installed"; !strings.Contains(w.log(), want) {
		t.Errorf("the log does not say %q:\n%s", want, w.log())
	}
}

// TestJoinEAPOLOverPacketSocket covers drivers without EAPOL over nl80211
// and airroot.wifi.eapol=packet: frames leave through the AF_PACKET socket
// (replaced here by a seam that hands them to the access point).
func TestJoinEAPOLOverPacketSocket(t *testing.T) {
	old := ccmpWiphy
	old.ExtFeatures = nil
	tests := []struct {
		name  string
		wiphy nl80211test.Wiphy
		eapol EAPOLPath
	}{
		{"a wiphy without control port over nl80211", old, EAPOLAuto},
		{"eapol=packet on a wiphy that could use nl80211", ccmpWiphy, EAPOLPacket},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
			w := newWorld(t, tt.wiphy, ap)
			var sent int
			j := &joiner{listenPAE: func(a *association) error {
				a.sendPAE = func(dst net.HardwareAddr, frame []byte) error {
					sent++
					ap.receive(nl80211test.ControlPortTx{Ifindex: ifindex, Dest: dst, Frame: frame, Unencrypted: true})
					return nil
				}
				return nil
			}}
			opts := w.options()
			opts.EAPOL = tt.eapol
			s, err := w.joinWith(j, homeConf, opts)
			if err != nil {
				t.Fatalf("Join: %v\n%s", err, w.log())
			}
			r := w.connectRequest()
			if r.Has(unix.NL80211_ATTR_CONTROL_PORT_OVER_NL80211) || !r.Has(unix.NL80211_ATTR_CONTROL_PORT) {
				t.Error("CMD_CONNECT asks for EAPOL over nl80211")
			}
			if sent != 2 || len(w.k.Requests(unix.NL80211_CMD_CONTROL_PORT_FRAME)) != 0 || !bytes.Equal(w.k.Authorized(ifindex), s.BSSID) {
				t.Errorf("%d frames over the packet socket, %d over nl80211, authorized %v; want 2, 0, %s",
					sent, len(w.k.Requests(unix.NL80211_CMD_CONTROL_PORT_FRAME)), w.k.Authorized(ifindex), s.BSSID)
			}
			if want := "4-way handshake by the host supplicant (WPA-PSK, EAPOL over AF_PACKET): keys installed"; !strings.Contains(w.log(), want) {
				t.Errorf("the log does not say %q:\n%s", want, w.log())
			}
		})
	}
}

// TestJoinKnobTheRadioCannotHonour: a forced handshake mode or EAPOL path
// the radio lacks is a configuration error, reported before CMD_CONNECT.
func TestJoinKnobTheRadioCannotHonour(t *testing.T) {
	old := ccmpWiphy
	old.ExtFeatures = nil
	tests := []struct {
		name      string
		handshake HandshakeMode
		eapol     EAPOLPath
		want      string
	}{
		{name: "offload", handshake: HandshakeOffload,
			want: "airroot.wifi.handshake=offload: wireless interface wlan0 (phy0) cannot run the 4-way handshake itself (no NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK): not supported"},
		{name: "EAPOL over nl80211", eapol: EAPOLNL80211,
			want: "airroot.wifi.eapol=nl80211: wireless interface wlan0 (phy0) cannot carry EAPOL over nl80211 (no NL80211_EXT_FEATURE_CONTROL_PORT_OVER_NL80211): not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
			w := newWorld(t, old, ap)
			opts := w.options()
			opts.Handshake, opts.EAPOL = tt.handshake, tt.eapol
			_, err := w.join(homeConf, opts)
			if err == nil || err.Error() != tt.want || RetryOf(err) != RetryNever {
				t.Errorf("Join error %v (%v)\nwant %s", err, RetryOf(err), tt.want)
			}
			if n := len(w.k.Requests(unix.NL80211_CMD_CONNECT)); n != 0 {
				t.Errorf("%d CMD_CONNECT sent", n)
			}
		})
	}
}

func TestJoinMessage1BeforeConnectResult(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	ap.early = true
	w := newWorld(t, ccmpWiphy, ap)
	if _, err := w.join(homeConf, w.options()); err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if len(w.k.Keys()) != 2 {
		t.Errorf("%d keys installed, want 2", len(w.k.Keys()))
	}
}

func TestJoinAssociationRefused(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	ap.status = 17
	w := newWorld(t, ccmpWiphy, ap)
	_, err := w.join(homeConf, w.options())
	want := `associate with 02:00:00:00:00:01 ("home"): the access point refused (status 17: the access point cannot handle more stations): association failed`
	if err == nil || err.Error() != want || RetryOf(err) != RetrySoon {
		t.Errorf("Join error %v (%v)\nwant %s", err, RetryOf(err), want)
	}
}

func TestJoinRetriesBusyScan(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newWorld(t, ccmpWiphy, ap)
	w.k.Fail(unix.NL80211_CMD_TRIGGER_SCAN, int(syscall.EBUSY))
	if _, err := w.join(homeConf, w.options()); err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if n := len(w.k.Requests(unix.NL80211_CMD_TRIGGER_SCAN)); n != 2 {
		t.Errorf("%d TRIGGER_SCAN requests, want 2 (one busy)", n)
	}
}

func TestJoinLeavesCountryAlone(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newWorld(t, ccmpWiphy, ap)
	if err := w.client.SetRegulatory("DE"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.join(homeConf, w.options()); err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if n := len(w.k.Requests(unix.NL80211_CMD_REQ_SET_REG)); n != 1 {
		t.Errorf("%d REQ_SET_REG requests, want only the test's own", n)
	}
}

func TestJoinNoEnabledNetwork(t *testing.T) {
	w := newWorld(t, ccmpWiphy)
	_, err := w.join("network={\n ssid=\"home\"\n key_mgmt=NONE\n disabled=1\n}\n", w.options())
	want := "join Wi-Fi: no enabled network in wpa_supplicant.conf: configuration error"
	if err == nil || err.Error() != want || RetryOf(err) != RetryNever {
		t.Errorf("Join error %v (%v)\nwant %s", err, RetryOf(err), want)
	}
}

func TestJoinDialsOnceCfg80211IsLoaded(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newWorld(t, ccmpWiphy, ap)
	opts := w.options()
	opts.Radio = nil
	dials := 0
	opts.Dial = func() (Radio, error) {
		if dials++; dials < 3 {
			return nil, errors.Join(errors.New("nl80211: family not found"), os.ErrNotExist)
		}
		return w.client, nil
	}
	s, err := w.join(homeConf, opts)
	if err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if dials != 3 {
		t.Errorf("dialled %d times, want 3", dials)
	}
	s.Close()
	if _, err := w.client.Interfaces(); err == nil {
		t.Error("the session did not close the radio it dialled")
	}
}

func TestSessionDropsReplayedGroupMessage(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newWorld(t, ccmpWiphy, ap)
	s, err := w.join(homeConf, w.options())
	if err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	ap.mu.Lock()
	ap.replay-- // the next frame reuses the replay counter of message 3
	ap.mu.Unlock()
	ap.groupRekey()
	e := nextEvent(t, s)
	if e.Kind != FrameDropped || e.Err == nil {
		t.Fatalf("event %v, want %v", e, FrameDropped)
	}
	if n := len(w.k.Keys()); n != 2 {
		t.Errorf("%d keys installed after a replayed group message, want still 2", n)
	}
}

func TestJoinPicksStationInterface(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newEmptyWorld(t)
	w.k.AddWiphy(ccmpWiphy)
	w.k.AddInterface(nl80211test.Interface{Index: 2, Name: "ap0", MAC: testutil.MAC(t, "02:00:00:00:02:00"), Type: unix.NL80211_IFTYPE_AP})
	w.k.AddInterface(nl80211test.Interface{Index: ifindex, Name: "wlan0", MAC: testutil.MAC(t, staMAC)})
	w.add(ap)
	s, err := w.join(homeConf, w.options())
	if err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if s.Interface != "wlan0" {
		t.Errorf("joined on %s, want wlan0", s.Interface)
	}

	cfg := parseConf(t, homeConf)
	_, err = Join(context.Background(), cfg, "ap0", w.options())
	want := `no wireless interface "ap0" after 200ms (have: lo, eth0): ap0 is in AP mode, airroot needs station mode: no wireless interface`
	if err == nil || err.Error() != want {
		t.Errorf("Join on ap0: %v\nwant %s", err, want)
	}
}

func TestJoinWhileStillConnected(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newWorld(t, ccmpWiphy, ap)
	w.k.Fail(unix.NL80211_CMD_CONNECT, int(syscall.EALREADY))
	if _, err := w.join(homeConf, w.options()); err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if n, m := len(w.k.Requests(unix.NL80211_CMD_CONNECT)), len(w.k.Requests(unix.NL80211_CMD_DISCONNECT)); n != 2 || m < 1 {
		t.Errorf("%d CMD_CONNECT and %d CMD_DISCONNECT, want a disconnect between two connects", n, m)
	}
}
