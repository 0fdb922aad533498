package wpa

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHandshakeStalled(t *testing.T) {
	ap := newTestAP(t, 3)
	var rec recorder
	h := ap.handshake(&rec, 4)
	if err := h.Stalled(); !errors.Is(err, ErrNoMessage1) {
		t.Errorf("before message 1: Stalled() = %v, want ErrNoMessage1", err)
	}
	for i, want := range []string{"sent message 2 once", "sent message 2 2 times"} {
		if err := h.HandleEAPOL(ap.message1()); err != nil {
			t.Fatal(err)
		}
		ap.receive(rec.sent[len(rec.sent)-1])
		err := h.Stalled()
		if !errors.Is(err, ErrNoMessage3) || !strings.Contains(err.Error(), want) {
			t.Errorf("after message 1 #%d: Stalled() = %v, want ErrNoMessage3 saying %q", i+1, err, want)
		}
	}
	if err := h.HandleEAPOL(ap.message3(nil)); err != nil {
		t.Fatal(err)
	}
	if err := h.Stalled(); err != nil {
		t.Errorf("after message 3: Stalled() = %v, want nil", err)
	}
}

func TestHandshakeSendErrorIsNotFatal(t *testing.T) {
	ap := newTestAP(t, 5)
	rec := recorder{sendErr: errors.New("control port: network is down")}
	h := ap.handshake(&rec, 6)
	err := h.HandleEAPOL(ap.message1())
	if err == nil || !strings.Contains(err.Error(), "send message 2: control port: network is down") {
		t.Fatalf("HandleEAPOL = %v, want a send error", err)
	}
	if h.Phase() != PhaseWaitMessage1 {
		t.Errorf("phase = %v after a failed send, want %v", h.Phase(), PhaseWaitMessage1)
	}
	rec.sendErr = nil
	runStep(t, ap, h, &rec, message1Step())
	rec.sendErr = errors.New("no buffer space")
	if err := h.HandleEAPOL(ap.message3(nil)); err == nil {
		t.Fatal("message 3 with a failing Send: no error")
	}
	if len(rec.installed) != 0 {
		t.Errorf("installed %v although message 4 was not sent", rec.installed)
	}
	rec.sendErr = nil
	runStep(t, ap, h, &rec, message3Step())
}

func TestHandshakeInstallErrorIsFatal(t *testing.T) {
	ap := newTestAP(t, 7)
	var rec recorder
	h := ap.handshake(&rec, 8)
	h.Install = func(InstalledKey) error { return errors.New("NEW_KEY: invalid argument") }
	runStep(t, ap, h, &rec, message1Step())
	err := h.HandleEAPOL(ap.message3(nil))
	if want := "install pairwise key: NEW_KEY: invalid argument"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("HandleEAPOL = %v, want it to say %q", err, want)
	}
	if h.Phase() != PhaseFailed || h.Stalled() != err {
		t.Errorf("phase %v, Stalled %v; want failed with %v", h.Phase(), h.Stalled(), err)
	}
}

func TestHandshakeConfigErrors(t *testing.T) {
	tkipRSNE, _ := (&RSNE{Version: 1, GroupCipher: CipherTKIP, PairwiseCiphers: []Suite{CipherTKIP}, AKMs: []Suite{AKMPSK}}).MarshalBinary()
	ftSAERSNE, _ := (&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKMFTSAE}}).MarshalBinary()
	saeRSNE, _ := (&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKMSAE}}).MarshalBinary()
	wepRSNE, _ := (&RSNE{Version: 1, GroupCipher: CipherWEP104, PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKMPSK}}).MarshalBinary()
	tests := []struct {
		name string
		edit func(h *Handshake)
		want string
	}{
		{"short address", func(h *Handshake) { h.AA = h.AA[:5] }, "must be 6 bytes"},
		{"no Send", func(h *Handshake) { h.Send = nil }, "Install and Send must be set"},
		{"bad AP element", func(h *Handshake) { h.APRSNE = []byte{48, 1, 1} }, "access point's RSN element"},
		{"TKIP pairwise", func(h *Handshake) { h.OurRSNE = tkipRSNE }, "our RSN element selects TKIP with WPA-PSK, airroot speaks only CCMP with WPA-PSK"},
		{"FT-SAE", func(h *Handshake) { h.OurRSNE = ftSAERSNE }, "selects CCMP with FT-SAE"},
		{"SAE the access point does not offer", func(h *Handshake) { h.OurRSNE = saeRSNE }, "our RSN element selects SAE, the access point offers WPA-PSK"},
		{"WEP group cipher", func(h *Handshake) { h.APRSNE = wepRSNE }, "group cipher WEP-104: not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newTestAP(t, 9)
			var rec recorder
			h := ap.handshake(&rec, 10)
			tt.edit(h)
			err := h.HandleEAPOL(ap.message1())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("HandleEAPOL = %v, want it to say %q", err, tt.want)
			}
			if h.Phase() != PhaseFailed || len(rec.sent) != 0 {
				t.Errorf("phase %v, %d frames sent; want failed and silent", h.Phase(), len(rec.sent))
			}
		})
	}
}

func TestHandshakeIGTK(t *testing.T) {
	ap := newTestAP(t, 11)
	ap.rsne = mustMarshal(t, &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: []Suite{CipherCCMP},
		AKMs: []Suite{AKMPSK}, Capabilities: RSNCapMFPC})
	ap.staRSNE = mustMarshal(t, &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: []Suite{CipherCCMP},
		AKMs: []Suite{AKMPSK}, Capabilities: RSNCapMFPC})
	var rec recorder
	h := ap.handshake(&rec, 12)
	igtk := &IGTK{KeyID: 4, IPN: [6]byte{9, 8, 7, 0, 0, 0}, Key: []byte("0123456789abcdef")}
	runStep(t, ap, h, &rec, message1Step())
	s := message3Step()
	s.send = func(ap *testAP) []byte { return ap.message3(func(kd *KeyData) { kd.IGTK = igtk }) }
	s.wantInstall = func(ap *testAP) []InstalledKey {
		return []InstalledKey{ap.pairwiseKey(), ap.groupKey(),
			{Type: KeyIGTK, Index: 4, Cipher: CipherBIPCMAC128, Key: igtk.Key, RSC: igtk.IPN}}
	}
	runStep(t, ap, h, &rec, s)
}

func mustMarshal(t *testing.T, e *RSNE) []byte {
	t.Helper()
	b, err := e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Keys must never reach a log line, an error or a formatted InstalledKey.
func TestHandshakeNeverRevealsKeys(t *testing.T) {
	ap := newTestAP(t, 13)
	var rec recorder
	h := ap.handshake(&rec, 14)
	secrets := map[string][]byte{"PMK": ap.pmk[:]}
	var texts []string
	feed := func(frame []byte) {
		if err := h.HandleEAPOL(frame); err != nil {
			texts = append(texts, err.Error())
		}
		for _, f := range rec.sent {
			ap.receive(f)
		}
		rec.sent = nil
		secrets[fmt.Sprintf("KCK %d", len(secrets))] = append([]byte(nil), ap.ptk.KCK[:]...)
		secrets[fmt.Sprintf("KEK %d", len(secrets))] = append([]byte(nil), ap.ptk.KEK[:]...)
		secrets[fmt.Sprintf("TK %d", len(secrets))] = append([]byte(nil), ap.ptk.TK[:]...)
		secrets[fmt.Sprintf("GTK %d", len(secrets))] = append([]byte(nil), ap.gtk...)
	}
	feed(ap.message1())
	feed(flipMIC(ap.message3(nil)))
	feed(ap.message3(nil))
	feed(ap.message3(nil))
	ap.newGTK(2)
	feed(ap.groupMessage1())
	feed(ap.groupMessage1())
	ap.newANonce()
	feed(ap.message1())
	feed(ap.message3(func(kd *KeyData) { kd.GTK.Key = kd.GTK.Key[:5] }))
	feed(ap.message3(func(kd *KeyData) { kd.RSNEs = nil }))
	feed(ap.message1())
	for _, k := range rec.installed {
		texts = append(texts, fmt.Sprintf("%v %+v %#v %s %x %q", k, k, k, k, k, k))
	}
	texts = append(texts, rec.logs...)
	texts = append(texts, fmt.Sprintf("%v %+v %#v", ap.ptk, ap.ptk, ap.ptk), h.Stalled().Error())
	if len(rec.logs) < 5 || len(rec.installed) < 3 {
		t.Fatalf("the run did too little to prove anything: %d log lines, %d keys", len(rec.logs), len(rec.installed))
	}
	all := strings.Join(texts, "\n")
	for name, key := range secrets {
		for _, form := range []string{hex.EncodeToString(key), strings.ToUpper(hex.EncodeToString(key)), fmt.Sprint(key)} {
			if strings.Contains(all, form) {
				t.Errorf("%s appears in the output:\n%s", name, all)
			}
		}
	}
}

func TestPhaseString(t *testing.T) {
	got := []string{}
	for p := PhaseWaitMessage1; p <= PhaseFailed+1; p++ {
		got = append(got, p.String())
	}
	want := []string{"waiting for message 1", "sent message 2, waiting for message 3", "keys installed",
		"PTK rekey: sent message 2, waiting for message 3", "failed", "Phase(5)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Phase strings (-want +got):\n%s", diff)
	}
}

func TestHandshakeRandomFailureIsFatal(t *testing.T) {
	ap := newTestAP(t, 15)
	var rec recorder
	h := ap.handshake(&rec, 16)
	h.Rand = strings.NewReader("too short for a nonce")
	err := h.HandleEAPOL(ap.message1())
	if err == nil || !strings.Contains(err.Error(), "generate SNonce: unexpected EOF") {
		t.Fatalf("HandleEAPOL = %v, want a SNonce error", err)
	}
	if h.Phase() != PhaseFailed || len(rec.sent) != 0 {
		t.Errorf("phase %v, %d frames sent; want failed and silent", h.Phase(), len(rec.sent))
	}
}

// A mixed-mode access point: CCMP pairwise, TKIP group cipher with a
// 32-byte GTK; crypto/rand nonces; 802.1X version 3 echoed back.
func TestHandshakeTKIPGroupCipher(t *testing.T) {
	ap := newTestAP(t, 17)
	ap.rsne = mustMarshal(t, &RSNE{Version: 1, GroupCipher: CipherTKIP, PairwiseCiphers: []Suite{CipherCCMP, CipherTKIP}, AKMs: []Suite{AKMPSK}})
	ap.staRSNE = mustMarshal(t, &RSNE{Version: 1, GroupCipher: CipherTKIP, PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKMPSK}})
	ap.gtk = make([]byte, 32)
	ap.read(ap.gtk)
	var rec recorder
	h := ap.handshake(&rec, 18)
	h.Rand = nil
	msg1 := ap.message1()
	msg1[0] = 3
	runStep(t, ap, h, &rec, step{name: "message 1", send: func(*testAP) []byte { return msg1 },
		wantReply: "message 2", wantPhase: PhaseWaitMessage3})
	if v := rec.sent[0][0]; v != 3 {
		t.Errorf("message 2 has 802.1X version %d, want 3 (echoed)", v)
	}
	s := message3Step()
	s.wantInstall = func(ap *testAP) []InstalledKey {
		g := ap.groupKey()
		g.Cipher = CipherTKIP
		return []InstalledKey{ap.pairwiseKey(), g}
	}
	runStep(t, ap, h, &rec, s)
}

func TestHandshakeDowngradeMessage(t *testing.T) {
	ap := newTestAP(t, 19)
	var rec recorder
	h := ap.handshake(&rec, 20)
	runStep(t, ap, h, &rec, message1Step())
	err := h.HandleEAPOL(ap.message3(func(kd *KeyData) { kd.RSNEs[0] = testSTARSNE }))
	want := "4-way handshake with 02:00:00:00:00:01: RSN element in message 3 differs from the access point's beacon: possible downgrade attack"
	if !errors.Is(err, ErrDowngrade) || err.Error() != want {
		t.Errorf("HandleEAPOL error:\n got %v\nwant %s", err, want)
	}
}
