package wpa

import (
	"strings"
	"testing"
)

// The findings of the issue 12 review, each as handshakes with the test
// access point.
func TestHandshakeReviewFindings(t *testing.T) {
	rekey1 := func(ap *testAP) []byte { ap.newANonce(); return ap.message1() }
	var restartMsg3 []byte
	tests := []struct {
		name  string
		ap    func(t *testing.T) *testAP
		steps []step
	}{
		{"with PMF, unencrypted message 1 after the PTK is installed is not answered", newTestAPSHA256T, append(igtkSteps()[:2],
			step{name: "message 1 in the clear", send: rekey1, clear: true, forged: true,
				wantErr: ErrUnexpected, wantDrop: true, wantPhase: PhaseComplete, check: wantEncrypted(true)},
			step{name: "encrypted message 1 (PTK rekey)", send: rekey1, wantReply: "message 2", wantPhase: PhaseRekeying, check: wantEncrypted(true)},
		)},
		{"without PMF, unencrypted message 1 after the PTK is installed restarts the handshake", newTestAPT, []step{
			message1Step(), message3Step(),
			{name: "message 1 in the clear (the access point restarted)", send: rekey1, clear: true,
				wantReply: "message 2", wantPhase: PhaseRekeying, check: wantEncrypted(false)},
			{name: "its message 3, in the clear", send: keep(&restartMsg3, func(ap *testAP) []byte { return ap.message3(nil) }), clear: true,
				wantReply: "message 4", wantPhase: PhaseComplete, check: wantEncrypted(true),
				// The new PTK; the GTK is the one installed already: not again.
				wantInstall: func(ap *testAP) []InstalledKey { return []InstalledKey{ap.pairwiseKey()} }},
			{name: "that message 3 replayed", send: resend(&restartMsg3), clear: true,
				wantErr: ErrReplay, wantDrop: true, wantPhase: PhaseComplete},
			{name: "that message 3 retransmitted", send: func(ap *testAP) []byte { return ap.message3(nil) }, clear: true,
				wantReply: "message 4", wantPhase: PhaseComplete},
		}},
		{"without PMF, an attacker's message 1 in the clear leaves the installed keys in use", newTestAPT, []step{
			message1Step(), message3Step(),
			{name: "forged message 1 in the clear", send: rekey1, clear: true, forged: true,
				wantReply: "message 2", wantPhase: PhaseRekeying, check: wantEncrypted(false)},
			{name: "the access point's group rekey, encrypted", send: func(ap *testAP) []byte { ap.newGTK(2); return ap.groupMessage1() },
				wantReply: "group message 2", wantPhase: PhaseRekeying, check: wantEncrypted(true),
				wantInstall: func(ap *testAP) []InstalledKey { return []InstalledKey{ap.groupKey()} }},
			{name: "the access point's genuine PTK rekey", send: rekey1, wantReply: "message 2", wantPhase: PhaseRekeying, check: wantEncrypted(true)},
			{name: "its message 3", send: func(ap *testAP) []byte { return ap.message3(nil) }, wantReply: "message 4", wantPhase: PhaseComplete,
				wantInstall: func(ap *testAP) []InstalledKey { return []InstalledKey{ap.pairwiseKey()} }},
		}},
		{"unencrypted message 1 before any PTK is answered", newTestAPT, []step{
			func() step { s := message1Step(); s.clear = true; return s }(),
			message3Step(),
		}},
		{"retransmitted message 3 in the clear after the PTK is installed is answered", newTestAPT, []step{
			message1Step(), message3Step(),
			{name: "message 3 again, in the clear", send: func(ap *testAP) []byte { return ap.message3(nil) }, clear: true,
				wantReply: "message 4", wantPhase: PhaseComplete},
		}},
		{"forged message 1 with the current ANonce does not break the retransmitted message 3", newTestAPT, []step{
			message1Step(), message3Step(),
			{name: "forged message 1, current ANonce", send: (*testAP).message1, forged: true,
				wantReply: "message 2", wantPhase: PhaseRekeying},
			{name: "genuine message 3 retransmitted", send: func(ap *testAP) []byte { return ap.message3(nil) },
				wantReply: "message 4", wantPhase: PhaseComplete},
			{name: "a real PTK rekey still works", send: rekey1, wantReply: "message 2", wantPhase: PhaseRekeying},
			{name: "its message 3", send: func(ap *testAP) []byte { return ap.message3(nil) }, wantReply: "message 4",
				wantInstall: func(ap *testAP) []InstalledKey { return []InstalledKey{ap.pairwiseKey()} }, wantPhase: PhaseComplete},
		}},
		{"WPA-PSK-SHA256: descriptor version 3, GTK and IGTK", newTestAPSHA256T, igtkSteps()},
		{"WPA-PSK-SHA256: a version 2 frame is dropped", newTestAPSHA256T, []step{
			{name: "version 2 message 1", send: func(ap *testAP) []byte {
				return ap.frame(&Key{Info: KeyVersionHMACSHA1AES | KeyInfoPairwise | KeyInfoAck, Nonce: ap.anonce}, false)
			}, wantErr: ErrUnexpected, wantDrop: true},
			message1Step(),
		}},
		{"byte-swapped IGTK key ID: joined without the IGTK", newTestAPSHA256T, []step{
			message1Step(),
			{name: "message 3, IGTK key ID 0x0400", send: func(ap *testAP) []byte { return ap.message3(withIGTK(0x0400)) },
				wantReply: "message 4", wantPhase: PhaseComplete,
				wantInstall: func(ap *testAP) []InstalledKey { return []InstalledKey{ap.pairwiseKey(), ap.groupKey()} },
				check: func(t *testing.T, _ *testAP, rec *recorder) {
					if !strings.Contains(strings.Join(rec.logs, "\n"), "IGTK key ID 0x0400 is byte-swapped") {
						t.Errorf("no log line about the byte-swapped IGTK key ID in %q", rec.logs)
					}
				}},
		}},
		{"IGTK key ID 6 is refused", newTestAPSHA256T, []step{
			message1Step(),
			{name: "message 3, IGTK key ID 6", send: func(ap *testAP) []byte { return ap.message3(withIGTK(6)) },
				wantErr: ErrMalformed, wantDrop: true, wantPhase: PhaseWaitMessage3},
			{name: "message 3, IGTK key ID 5", send: func(ap *testAP) []byte { return ap.message3(withIGTK(5)) },
				wantReply: "message 4", wantPhase: PhaseComplete,
				wantInstall: func(ap *testAP) []InstalledKey {
					return []InstalledKey{ap.pairwiseKey(), ap.groupKey(), testIGTK(5)}
				}},
		}},
		{"RSNXE equal in beacon and message 3", newTestAPRSNXE, []step{message1Step(), message3Step()}},
		{"RSNXE of the beacon missing from message 3", newTestAPRSNXE, []step{
			message1Step(),
			{name: "message 3 without RSNXE", send: func(ap *testAP) []byte { return ap.message3(func(kd *KeyData) { kd.RSNXE = nil }) },
				wantErr: ErrDowngrade, wantPhase: PhaseFailed},
		}},
		{"RSNXE in message 3 but not in the beacon", newTestAPT, []step{
			message1Step(),
			{name: "message 3 with an RSNXE", send: func(ap *testAP) []byte {
				return ap.message3(func(kd *KeyData) { kd.RSNXE = testRSNXE })
			}, wantErr: ErrDowngrade, wantPhase: PhaseFailed},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := tt.ap(t)
			var rec recorder
			h := ap.handshake(&rec, 2)
			for _, s := range tt.steps {
				runStep(t, ap, h, &rec, s)
			}
		})
	}
}

// testRSNXE is an RSN Extension element with the SAE hash-to-element bit
// (802.11-2020 9.4.2.241: field length 0, bit 5).
var testRSNXE = []byte{ElementRSNX, 1, 0x20}

// wantEncrypted checks whether our next EAPOL frames leave encrypted.
func wantEncrypted(want bool) func(t *testing.T, _ *testAP, _ *recorder) {
	return func(t *testing.T, _ *testAP, rec *recorder) {
		t.Helper()
		if got := rec.h.EncryptReplies(); got != want {
			t.Errorf("EncryptReplies() = %v, want %v", got, want)
		}
	}
}

func newTestAPT(t *testing.T) *testAP       { return newTestAP(t, 1) }
func newTestAPSHA256T(t *testing.T) *testAP { return newTestAPSHA256(t, 1) }

func newTestAPRSNXE(t *testing.T) *testAP {
	ap := newTestAP(t, 1)
	ap.rsnxe = testRSNXE
	return ap
}

func testIGTK(id int) InstalledKey {
	return InstalledKey{Type: KeyIGTK, Index: id, Cipher: CipherBIPCMAC128, Key: []byte("0123456789abcdef"), RSC: [6]byte{9, 8, 7}}
}

func withIGTK(id int) func(*KeyData) {
	return func(kd *KeyData) {
		k := testIGTK(id)
		kd.IGTK = &IGTK{KeyID: id, IPN: k.RSC, Key: k.Key}
	}
}
