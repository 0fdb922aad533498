package wifi

import (
	"errors"
	"net"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// sendRecorder is a Radio that only records the EAPOL frames sent; any
// other method panics (the embedded interface is nil).
type sendRecorder struct {
	Radio
	sent []bool // unencrypted flag of each frame
}

func (r *sendRecorder) SendControlPortFrame(_ int, _ net.HardwareAddr, _ []byte, unencrypted bool) error {
	r.sent = append(r.sent, unencrypted)
	return nil
}

// testAssociation is a host handshake with 02:00:00:00:00:01, not yet
// associated.
func testAssociation(t *testing.T, r Radio) *association {
	t.Helper()
	ap := testutil.MAC(t, "02:00:00:00:00:01")
	a := &association{
		radio: r, opts: Options{}.withDefaults(), ifindex: 3, ifname: "wlan0", spa: testutil.MAC(t, "02:00:00:00:01:00"),
		bss:     nl80211.BSS{BSSID: ap, SSID: "home", RSNE: testRSNECCMP},
		network: conf.Network{SSID: "home", KeyMgmt: conf.KeyMgmtWPAPSK},
		sec:     &security{apRSNE: testRSNECCMP, ourRSNE: []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0, 0}},
		times:   &Times{},
	}
	a.newHandshake()
	return a
}

func message1(t *testing.T) []byte {
	t.Helper()
	k := &wpa.Key{ProtocolVersion: 2, DescriptorType: wpa.DescriptorRSN, Info: wpa.KeyVersionHMACSHA1AES | wpa.KeyInfoPairwise | wpa.KeyInfoAck,
		Length: 16, ReplayCounter: 1, Nonce: [32]byte{1, 2, 3}}
	b, err := k.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEAPOLBeforeConnectResultIsKept(t *testing.T) {
	r := &sendRecorder{}
	a := testAssociation(t, r)
	frame := &nl80211.ControlPortFrame{Ifindex: 3, Source: a.bss.BSSID, Proto: 0x888e, Frame: message1(t), Unencrypted: true}
	if err := a.handle(frame); err != nil {
		t.Fatal(err)
	}
	if len(r.sent) != 0 {
		t.Fatal("answered message 1 before the association was confirmed")
	}
	if err := a.handle(&nl80211.ConnectEvent{Ifindex: 3, BSSID: a.bss.BSSID}); err != nil {
		t.Fatal(err)
	}
	if len(r.sent) != 1 || !r.sent[0] {
		t.Errorf("sent %v after the CONNECT result, want one message 2 in the clear", r.sent)
	}
	if a.hs.Phase() != wpa.PhaseWaitMessage3 || a.msg2At.IsZero() {
		t.Errorf("phase %v, message 2 sent at %v", a.hs.Phase(), a.msg2At)
	}
}

func TestEAPOLFromOthersIsIgnored(t *testing.T) {
	r := &sendRecorder{}
	a := testAssociation(t, r)
	a.handle(&nl80211.ConnectEvent{Ifindex: 3, BSSID: a.bss.BSSID})
	for _, f := range []*nl80211.ControlPortFrame{
		{Source: testutil.MAC(t, "02:00:00:00:00:66"), Proto: 0x888e, Frame: message1(t)},
		{Source: a.bss.BSSID, Proto: 0x88c7, Frame: message1(t)}, // pre-authentication
	} {
		if err := a.handle(f); err != nil {
			t.Fatal(err)
		}
	}
	if len(r.sent) != 0 {
		t.Errorf("answered %d frames that were not from the access point's PAE", len(r.sent))
	}
}

func TestDisconnectCause(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, a *association)
		ev      *nl80211.DisconnectEvent
		want    error
	}{
		{
			name:    "an echo of an earlier connection",
			prepare: func(t *testing.T, a *association) {},
			ev:      &nl80211.DisconnectEvent{Reason: 3},
			want:    nil,
		},
		{
			name:    "before message 1",
			prepare: func(t *testing.T, a *association) { a.handle(&nl80211.ConnectEvent{BSSID: a.bss.BSSID}) },
			ev:      &nl80211.DisconnectEvent{Reason: 2, ByAP: true},
			want:    ErrAssociation,
		},
		{
			name: "after message 2",
			prepare: func(t *testing.T, a *association) {
				a.handle(&nl80211.ConnectEvent{BSSID: a.bss.BSSID})
				a.handle(&nl80211.ControlPortFrame{Source: a.bss.BSSID, Proto: 0x888e, Frame: message1(t)})
			},
			ev:   &nl80211.DisconnectEvent{Reason: 2, ByAP: true},
			want: ErrWrongPassphrase,
		},
		{
			name:    "once authorized",
			prepare: func(t *testing.T, a *association) { a.connected, a.authorized = true, true },
			ev:      &nl80211.DisconnectEvent{Reason: 4, ByAP: true},
			want:    ErrLinkLost,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := testAssociation(t, &sendRecorder{})
			tt.prepare(t, a)
			if err := a.handle(tt.ev); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("handle(disconnect) = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestStalled(t *testing.T) {
	a := testAssociation(t, &sendRecorder{})
	a.handle(&nl80211.ConnectEvent{BSSID: a.bss.BSSID})
	want := "handshake with 02:00:00:00:00:01 failed: the access point never started the 4-way handshake: handshake failed"
	if err := a.stalled(); err == nil || err.Error() != want || RetryOf(err) != RetrySoon {
		t.Errorf("stalled() = %v\nwant %s", err, want)
	}
	a.handle(&nl80211.ControlPortFrame{Source: a.bss.BSSID, Proto: 0x888e, Frame: message1(t)})
	if err := a.stalled(); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("stalled() after message 2 = %v, want %v", err, ErrWrongPassphrase)
	}
}
