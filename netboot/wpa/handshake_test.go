package wpa

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// step is one frame from the test authenticator and what the supplicant
// must do with it.
type step struct {
	name        string
	send        func(ap *testAP) []byte
	wantErr     error // nil, or what errors.Is must find
	wantDrop    bool  // the error is a *DropError
	wantReply   string
	wantInstall func(ap *testAP) []InstalledKey
	wantPhase   Phase
	check       func(t *testing.T, ap *testAP, rec *recorder)
	clear       bool // the frame arrived unencrypted (HandleUnencryptedEAPOL)
	forged      bool // the frame is an attacker's: the AP never sees the replies
}

func message1Step() step {
	return step{name: "message 1", send: (*testAP).message1, wantReply: "message 2", wantPhase: PhaseWaitMessage3}
}

func message3Step() step {
	return step{name: "message 3", send: func(ap *testAP) []byte { return ap.message3(nil) }, wantReply: "message 4",
		wantInstall: func(ap *testAP) []InstalledKey { return []InstalledKey{ap.pairwiseKey(), ap.groupKey()} },
		wantPhase:   PhaseComplete}
}

// keep returns a send function that remembers the frame in *saved.
func keep(saved *[]byte, f func(ap *testAP) []byte) func(ap *testAP) []byte {
	return func(ap *testAP) []byte { *saved = f(ap); return *saved }
}

func resend(saved *[]byte) func(*testAP) []byte { return func(*testAP) []byte { return *saved } }

// keepLast remembers frame as the AP's last one, for replaying.
func keepLast(ap *testAP, frame []byte) []byte {
	ap.last = frame
	return frame
}

func flipMIC(frame []byte) []byte {
	frame[micOffset] ^= 0x80
	return frame
}

func TestHandshake(t *testing.T) {
	var savedMsg1, savedMsg3, oldMsg3, firstMsg2 []byte
	tests := []struct {
		name  string
		steps []step
	}{
		{"happy path", []step{message1Step(), message3Step()}},
		{"bad MIC on message 3 is dropped without a state change", []step{
			message1Step(),
			{name: "forged message 3", send: func(ap *testAP) []byte { return flipMIC(ap.message3(nil)) },
				wantErr: ErrBadMIC, wantDrop: true, wantPhase: PhaseWaitMessage3},
			message3Step(),
		}},
		{"replayed message 3 is dropped", []step{
			message1Step(),
			func() step { s := message3Step(); s.send = keep(&savedMsg3, s.send); return s }(),
			{name: "same message 3 again", send: resend(&savedMsg3), wantErr: ErrReplay, wantDrop: true, wantPhase: PhaseComplete},
		}},
		{"old message 1 after completion is dropped", []step{
			func() step { s := message1Step(); s.send = keep(&savedMsg1, s.send); return s }(),
			message3Step(),
			{name: "message 1 replayed", send: resend(&savedMsg1), wantErr: ErrReplay, wantDrop: true, wantPhase: PhaseComplete},
		}},
		{"retransmitted message 3 is answered but keys are not reinstalled (KRACK)", []step{
			message1Step(),
			message3Step(),
			{name: "message 3 retransmitted", send: func(ap *testAP) []byte { return ap.message3(nil) },
				wantReply: "message 4", wantPhase: PhaseComplete},
			{name: "message 3 retransmitted again", send: func(ap *testAP) []byte { return ap.message3(nil) },
				wantReply: "message 4", wantPhase: PhaseComplete},
		}},
		{"retransmitted message 1 gets the same SNonce", []step{
			func() step {
				s := message1Step()
				s.check = func(t *testing.T, _ *testAP, rec *recorder) { firstMsg2 = rec.sent[len(rec.sent)-1] }
				return s
			}(),
			func() step {
				s := message1Step()
				s.check = func(t *testing.T, _ *testAP, rec *recorder) {
					first, err := ParseEAPOL(firstMsg2)
					if err != nil {
						t.Fatal(err)
					}
					if rec.lastSent(t).Nonce != first.Nonce {
						t.Error("SNonce changed for a retransmitted message 1")
					}
				}
				return s
			}(),
			message3Step(),
		}},
		{"message 1 with a new ANonce restarts the handshake", []step{
			message1Step(),
			{name: "message 3 for the first ANonce, held back", send: func(ap *testAP) []byte {
				oldMsg3 = ap.message3(nil)
				ap.newANonce()
				return ap.message1()
			}, wantReply: "message 2", wantPhase: PhaseWaitMessage3},
			{name: "stale message 3", send: resend(&oldMsg3), wantErr: ErrUnexpected, wantDrop: true, wantPhase: PhaseWaitMessage3},
			message3Step(),
		}},
		{"RSN element in message 3 differs from the beacon", []step{
			message1Step(),
			{name: "downgraded message 3", send: func(ap *testAP) []byte {
				return ap.message3(func(kd *KeyData) {
					kd.RSNEs[0] = append([]byte(nil), kd.RSNEs[0]...)
					kd.RSNEs[0][13] = 2 // pairwise TKIP instead of CCMP
				})
			}, wantErr: ErrDowngrade, wantPhase: PhaseFailed},
			{name: "genuine message 3 after the failure", send: func(ap *testAP) []byte { return ap.message3(nil) },
				wantErr: ErrDowngrade, wantPhase: PhaseFailed},
		}},
		{"message 3 without an RSN element", []step{
			message1Step(),
			{name: "message 3", send: func(ap *testAP) []byte { return ap.message3(func(kd *KeyData) { kd.RSNEs = nil }) },
				wantErr: ErrDowngrade, wantPhase: PhaseFailed},
		}},
		{"second RSN element selecting TKIP", []step{
			message1Step(),
			{name: "message 3", send: func(ap *testAP) []byte {
				return ap.message3(func(kd *KeyData) {
					second, _ := (&RSNE{Version: 1, GroupCipher: CipherTKIP, PairwiseCiphers: []Suite{CipherTKIP}, AKMs: []Suite{AKMPSK}}).MarshalBinary()
					kd.RSNEs = append(kd.RSNEs, second)
				})
			}, wantErr: ErrDowngrade, wantPhase: PhaseFailed},
		}},
		{"second RSN element selecting CCMP", []step{
			message1Step(),
			func() step {
				s := message3Step()
				s.send = func(ap *testAP) []byte {
					return ap.message3(func(kd *KeyData) {
						second, _ := (&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKMPSK}}).MarshalBinary()
						kd.RSNEs = append(kd.RSNEs, second)
					})
				}
				return s
			}(),
		}},
		{"GTK of the wrong length", []step{
			message1Step(),
			{name: "message 3", send: func(ap *testAP) []byte {
				return ap.message3(func(kd *KeyData) { kd.GTK.Key = make([]byte, 32) })
			}, wantErr: ErrMalformed, wantDrop: true, wantPhase: PhaseWaitMessage3},
		}},
		{"key data that does not unwrap", []step{
			message1Step(),
			{name: "message 3", send: func(ap *testAP) []byte {
				info := KeyVersionHMACSHA1AES | KeyInfoPairwise | KeyInfoInstall | KeyInfoAck | KeyInfoMIC | KeyInfoSecure | KeyInfoEncryptedKeyData
				return ap.frame(&Key{Info: info, Nonce: ap.anonce, Data: make([]byte, 32)}, true)
			}, wantErr: ErrUnwrap, wantDrop: true, wantPhase: PhaseWaitMessage3},
		}},
		{"message 3 before message 1", []step{
			{name: "message 3", send: func(ap *testAP) []byte { ap.haveTPTK = true; return ap.message3(nil) },
				wantErr: ErrUnexpected, wantDrop: true, wantPhase: PhaseWaitMessage1},
		}},
		{"group key handshake", []step{
			message1Step(),
			message3Step(),
			{name: "group message 1", send: func(ap *testAP) []byte {
				ap.newGTK(2)
				ap.gtkRSC = [8]byte{7, 6, 5, 4, 3, 2, 0, 0}
				return ap.groupMessage1()
			}, wantReply: "group message 2", wantPhase: PhaseComplete,
				wantInstall: func(ap *testAP) []InstalledKey { return []InstalledKey{ap.groupKey()} }},
			{name: "group message 1 retransmitted", send: (*testAP).groupMessage1,
				wantReply: "group message 2", wantPhase: PhaseComplete},
			{name: "forged group message 1", send: func(ap *testAP) []byte { ap.newGTK(1); return flipMIC(ap.groupMessage1()) },
				wantErr: ErrBadMIC, wantDrop: true, wantPhase: PhaseComplete},
		}},
		{"group messages that are dropped", []step{
			message1Step(),
			message3Step(),
			{name: "group message 1 without a GTK", send: func(ap *testAP) []byte {
				info := KeyVersionHMACSHA1AES | KeyInfoAck | KeyInfoMIC | KeyInfoSecure | KeyInfoEncryptedKeyData
				return ap.frame(&Key{Info: info, Data: ap.wrap(&KeyData{RSNEs: [][]byte{ap.rsne}})}, true)
			}, wantErr: ErrMalformed, wantDrop: true, wantPhase: PhaseComplete},
			{name: "group message 1 with a 5-byte GTK", send: func(ap *testAP) []byte {
				ap.gtk = ap.gtk[:5]
				return ap.groupMessage1()
			}, wantErr: ErrMalformed, wantDrop: true, wantPhase: PhaseComplete},
			{name: "group message 1 that does not unwrap", send: func(ap *testAP) []byte {
				info := KeyVersionHMACSHA1AES | KeyInfoAck | KeyInfoMIC | KeyInfoSecure | KeyInfoEncryptedKeyData
				return ap.frame(&Key{Info: info, Data: make([]byte, 24)}, true)
			}, wantErr: ErrUnwrap, wantDrop: true, wantPhase: PhaseComplete},
			{name: "group message 1", send: func(ap *testAP) []byte { ap.newGTK(2); return keepLast(ap, ap.groupMessage1()) },
				wantReply: "group message 2", wantPhase: PhaseComplete,
				wantInstall: func(ap *testAP) []InstalledKey { return []InstalledKey{ap.groupKey()} }},
			{name: "group message 1 replayed", send: func(ap *testAP) []byte { return ap.last },
				wantErr: ErrReplay, wantDrop: true, wantPhase: PhaseComplete},
		}},
		{"group message 1 before the 4-way handshake completed", []step{
			message1Step(),
			{name: "group message 1", send: (*testAP).groupMessage1, wantErr: ErrUnexpected, wantDrop: true, wantPhase: PhaseWaitMessage3},
		}},
		{"PTK rekey installs the new TK", []step{
			message1Step(),
			message3Step(),
			{name: "rekey message 1", send: func(ap *testAP) []byte { ap.newANonce(); return ap.message1() },
				wantReply: "message 2", wantPhase: PhaseRekeying,
				check: func(t *testing.T, _ *testAP, rec *recorder) {
					if !rec.lastSent(t).Info.Has(KeyInfoSecure) {
						t.Error("rekey message 2 lacks the Secure bit")
					}
				}},
			{name: "rekey message 3", send: func(ap *testAP) []byte { return ap.message3(nil) },
				wantReply: "message 4", wantPhase: PhaseComplete,
				wantInstall: func(ap *testAP) []InstalledKey { return []InstalledKey{ap.pairwiseKey()} },
				check: func(t *testing.T, _ *testAP, rec *recorder) {
					if bytes.Equal(rec.installed[0].Key, rec.installed[len(rec.installed)-1].Key) {
						t.Error("rekey installed the old TK again")
					}
				}},
		}},
		{"frames the supplicant does not speak", []step{
			{name: "WPA1 descriptor", send: func(ap *testAP) []byte {
				b := ap.message1()
				b[4] = DescriptorWPA
				return b
			}, wantErr: ErrUnsupported, wantDrop: true},
			{name: "key descriptor version 1", send: func(ap *testAP) []byte {
				return ap.frame(&Key{Info: KeyVersionHMACMD5RC4 | KeyInfoPairwise | KeyInfoAck, Nonce: ap.anonce}, false)
			}, wantErr: ErrUnsupported, wantDrop: true},
			{name: "EAP request", send: func(*testAP) []byte { return []byte{2, 0, 0, 5, 1, 1, 0, 5, 1} },
				wantErr: ErrUnsupported, wantDrop: true},
			{name: "truncated", send: func(ap *testAP) []byte { return ap.message1()[:60] }, wantErr: ErrMalformed, wantDrop: true},
			{name: "message 2 echoed back", send: func(ap *testAP) []byte {
				return ap.frame(&Key{Info: KeyVersionHMACSHA1AES | KeyInfoPairwise | KeyInfoMIC}, false)
			}, wantErr: ErrUnexpected, wantDrop: true},
			message1Step(),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newTestAP(t, 1)
			var rec recorder
			h := ap.handshake(&rec, 2)
			for _, s := range tt.steps {
				runStep(t, ap, h, &rec, s)
			}
		})
	}
}

func runStep(t *testing.T, ap *testAP, h *Handshake, rec *recorder, s step) {
	t.Helper()
	sent, installed := len(rec.sent), len(rec.installed)
	handle := h.HandleEAPOL
	if s.clear {
		handle = h.HandleUnencryptedEAPOL
	}
	err := handle(s.send(ap))
	if !errors.Is(err, s.wantErr) || (err == nil) != (s.wantErr == nil) {
		t.Fatalf("%s: HandleEAPOL error = %v, want %v", s.name, err, s.wantErr)
	}
	var drop *DropError
	if errors.As(err, &drop) != s.wantDrop {
		t.Errorf("%s: error %v: is a *DropError = %v, want %v", s.name, err, !s.wantDrop, s.wantDrop)
	}
	var replies []string
	for _, f := range rec.sent[sent:] {
		saved := *ap
		replies = append(replies, ap.receive(f))
		if s.forged {
			*ap = saved // the attacker, not the AP, got the reply
		}
	}
	var wantReplies []string
	if s.wantReply != "" {
		wantReplies = []string{s.wantReply}
	}
	if diff := cmp.Diff(wantReplies, replies); diff != "" {
		t.Errorf("%s: frames sent (-want +got):\n%s", s.name, diff)
	}
	var wantInstall []InstalledKey
	if s.wantInstall != nil {
		wantInstall = s.wantInstall(ap)
	}
	gotInstall := rec.installed[installed:]
	if len(gotInstall) == 0 {
		gotInstall = nil
	}
	if diff := cmp.Diff(wantInstall, gotInstall); diff != "" {
		t.Errorf("%s: keys installed (-want +got):\n%s", s.name, diff)
	}
	if h.Phase() != s.wantPhase {
		t.Errorf("%s: phase = %v, want %v", s.name, h.Phase(), s.wantPhase)
	}
	if s.check != nil {
		s.check(t, ap, rec)
	}
}
