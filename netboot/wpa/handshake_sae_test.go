package wpa

import "testing"

// SAE (AKM 8) with management frame protection required, as hostapd's
// wpa_key_mgmt=SAE ieee80211w=2 advertises it, and the station's element.
var (
	testAPRSNESAE  = []byte{0x30, 0x14, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 8, 0xcc, 0}
	testSTARSNESAE = []byte{0x30, 0x14, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 8, 0xc0, 0}
)

// newTestAPSAE speaks SAE after the SAE exchange: key descriptor version 0,
// whose MIC the AKM defines as AES-128-CMAC, and the SHA-256 KDF for the PTK
// (802.11-2020 12.7.2, 12.7.1.7.2). Its PMK stands for the one SAE made.
func newTestAPSAE(t *testing.T) *testAP {
	ap := newTestAP(t, 1)
	ap.rsne, ap.staRSNE, ap.akm = testAPRSNESAE, testSTARSNESAE, AKMSAE
	return ap
}

func TestHandshakeSAE(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"descriptor version 0, GTK and IGTK", igtkSteps()},
		{"a version 3 frame is dropped", []step{
			{name: "version 3 message 1", send: func(ap *testAP) []byte {
				return ap.frame(&Key{Info: KeyVersionAESCMAC | KeyInfoPairwise | KeyInfoAck, Nonce: ap.anonce}, false)
			}, wantErr: ErrUnexpected, wantDrop: true},
			message1Step(),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newTestAPSAE(t)
			var rec recorder
			h := ap.handshake(&rec, 2)
			for _, s := range tt.steps {
				runStep(t, ap, h, &rec, s)
			}
			if h.AKM() != AKMSAE {
				t.Errorf("AKM() = %s, want SAE", AKMName(h.AKM()))
			}
		})
	}
}

// igtkSteps is a handshake whose message 3 carries an IGTK, then a group
// rekey: the AKMs with management frame protection.
func igtkSteps() []step {
	return []step{
		message1Step(),
		{name: "message 3 with an IGTK", send: func(ap *testAP) []byte { return ap.message3(withIGTK(4)) },
			wantReply: "message 4", wantPhase: PhaseComplete,
			wantInstall: func(ap *testAP) []InstalledKey {
				return []InstalledKey{ap.pairwiseKey(), ap.groupKey(), testIGTK(4)}
			}},
		{name: "group rekey", send: func(ap *testAP) []byte { ap.newGTK(2); return ap.groupMessage1() },
			wantReply: "group message 2", wantPhase: PhaseComplete,
			wantInstall: func(ap *testAP) []InstalledKey { return []InstalledKey{ap.groupKey()} }},
	}
}
