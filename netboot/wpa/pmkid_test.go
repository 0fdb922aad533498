package wpa

import (
	"bytes"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
)

// TestPMKID checks 802.1X's PMKID (802.11-2020 12.7.1.3) against values
// computed with Python's hmac module for the same inputs.
func TestPMKID(t *testing.T) {
	pmk := make([]byte, 32)
	for i := range pmk {
		pmk[i] = byte(i)
	}
	aa, spa := testutil.MAC(t, "02:00:00:00:00:01"), testutil.MAC(t, "02:00:00:00:01:00")
	tests := []struct {
		name string
		akm  Suite
		want string
	}{
		{"WPA-EAP, HMAC-SHA-1", AKM8021X, "9b9abb133c151fa9bf8d391b8ff9d9d9"},
		{"WPA-EAP-SHA256, HMAC-SHA-256", AKM8021XSHA256, "61b66dd31baae16699ebc15be8dc3068"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PMKID(tt.akm, pmk, aa, spa)
			if want := unhex(t, tt.want); !bytes.Equal(got[:], want) {
				t.Errorf("PMKID = %x, want %x", got, want)
			}
		})
	}
}

func TestWithPMKID(t *testing.T) {
	id := [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	for _, base := range [][]byte{testSTARSNE, testSTARSNESAE} {
		ie, err := WithPMKID(base, id)
		if err != nil {
			t.Fatalf("WithPMKID: %v", err)
		}
		// 802.11-2020 9.4.2.24.1: PMKID Count 1, then the PMKID, after
		// the RSN Capabilities.
		want := append(append(append([]byte{0x30, base[1] + 18}, base[2:]...), 1, 0), id[:]...)
		if !bytes.Equal(ie, want) {
			t.Errorf("WithPMKID(%x) = %x, want %x", base, ie, want)
		}
		e, err := ParseRSNE(ie)
		if err != nil || len(e.PMKIDs) != 1 || e.PMKIDs[0] != id {
			t.Errorf("ParseRSNE(%x) = %+v, %v; want the PMKID back", ie, e, err)
		}
	}
	if _, err := WithPMKID([]byte{0x30, 1, 1}, id); err == nil {
		t.Error("WithPMKID of a malformed element: no error")
	}
}

// TestHandshakeCachedPMKSA: with a cached PMKSA offered, message 1 must
// name it in its PMKID KDE (802.11-2020 12.7.6.2); the handshake then
// completes with the cached PMK, and stops on any other PMKID or none.
func TestHandshakeCachedPMKSA(t *testing.T) {
	id := [16]byte{0xaa, 1, 2, 3}
	other := [16]byte{0xbb, 1, 2, 3}
	message1 := func(pmkid *[16]byte) func(ap *testAP) []byte {
		return func(ap *testAP) []byte {
			var data []byte
			if pmkid != nil {
				var err error
				if data, err = (&KeyData{PMKID: pmkid}).MarshalBinary(); err != nil {
					t.Fatal(err)
				}
			}
			return ap.frame(&Key{Info: ap.version() | KeyInfoPairwise | KeyInfoAck, Length: 16, Nonce: ap.anonce, Data: data}, false)
		}
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"message 1 names the cached PMKSA", append([]step{
			{name: "message 1 with our PMKID", send: message1(&id), wantReply: "message 2", wantPhase: PhaseWaitMessage3},
		}, igtkSteps()[1:]...)},
		{"message 1 names another", []step{
			{name: "message 1 with another PMKID", send: message1(&other), wantErr: ErrPMKIDMismatch, wantPhase: PhaseFailed},
		}},
		{"message 1 names none", []step{
			{name: "message 1 without a PMKID", send: message1(nil), wantErr: ErrPMKIDMismatch, wantPhase: PhaseFailed},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newTestAPSAE(t)
			ie, err := WithPMKID(ap.staRSNE, id)
			if err != nil {
				t.Fatal(err)
			}
			ap.staRSNE = ie
			var rec recorder
			h := ap.handshake(&rec, 2)
			h.PMKID = &id
			for _, s := range tt.steps {
				runStep(t, ap, h, &rec, s)
			}
		})
	}
}
