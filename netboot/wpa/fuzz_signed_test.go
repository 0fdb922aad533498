package wpa

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzHandleSignedEAPOL gets past the MIC check: the fuzzer chooses the
// key data and the header fields of a frame that the test access point
// then wraps with its KEK (when encrypt is set) and signs with its KCK,
// as the genuine access point would. So KDE parsing, the GTK/IGTK install
// decisions and the replay logic after the MIC are fuzzed. Whatever the
// frame, a dropped one leaves no trace, the pairwise key installed is the
// access point's, no key is installed twice, and group keys have a valid
// index and the negotiated cipher's length.
func FuzzHandleSignedEAPOL(f *testing.F) {
	gtk := unhex(f, "dd16000fac0101009adad240faa56f322f1553804b451936dd00")
	igtk := unhex(f, "dd1c000fac0904000102030405069adad240faa56f322f1553804b451936")
	msg3 := uint16(KeyInfoPairwise | KeyInfoInstall | KeyInfoAck | KeyInfoMIC | KeyInfoSecure | KeyInfoEncryptedKeyData)
	group1 := uint16(KeyInfoAck | KeyInfoMIC | KeyInfoSecure | KeyInfoEncryptedKeyData)
	rsne := append([]byte(nil), testAPRSNE...)
	rsneSHA := append([]byte(nil), testAPRSNESHA256...)
	f.Add(false, false, msg3, int8(1), true, []byte{0x2a}, append(rsne, gtk...))
	f.Add(true, false, msg3, int8(1), true, []byte{}, append(append(rsneSHA, gtk...), igtk...))
	f.Add(false, true, group1, int8(1), true, []byte{1, 0, 0, 0, 0, 0}, gtk)
	f.Add(true, true, group1, int8(0), true, []byte{}, append(gtk, igtk...))
	f.Add(false, true, msg3, int8(2), false, []byte{}, rsne)
	f.Fuzz(func(t *testing.T, sha256, complete bool, info uint16, replay int8, encrypt bool, rsc, keyData []byte) {
		ap, h, rec := fuzzHandshake(t, sha256, complete)
		k := &Key{ProtocolVersion: 2, DescriptorType: DescriptorRSN, Length: 16, Nonce: ap.anonce,
			Info: KeyInfo(info)&^KeyInfoVersionMask | ap.version() | KeyInfoMIC}
		k.ReplayCounter = uint64(int64(ap.replay) + int64(replay))
		copy(k.RSC[:], rsc)
		k.Data = keyData
		if encrypt && len(keyData) <= maxKeyDataLength-16 {
			wrapped, err := KeyWrap(ap.ptk.KEK[:], PadKeyData(append([]byte(nil), keyData...)))
			if err != nil {
				t.Fatal(err)
			}
			k.Data = wrapped
		}
		frame, err := k.Sign(ap.ptk.KCK[:])
		if err != nil {
			return // more key data than a frame holds
		}
		phase, sent, installed := h.Phase(), len(rec.sent), len(rec.installed)
		err = h.HandleEAPOL(frame)
		var drop *DropError
		if errors.As(err, &drop) && (len(rec.sent) != sent || len(rec.installed) != installed || h.Phase() != phase) {
			t.Fatalf("dropped frame (%v) left a trace: sent %d, installed %d, phase %v -> %v",
				err, len(rec.sent)-sent, len(rec.installed)-installed, phase, h.Phase())
		}
		checkInstalled(t, ap, h, rec.installed)
	})
}

// fuzzHandshake runs a handshake with the test access point up to message
// 3 (complete: through it), WPA-PSK or WPA-PSK-SHA256 with an IGTK.
func fuzzHandshake(t *testing.T, sha256, complete bool) (*testAP, *Handshake, *recorder) {
	ap := newTestAP(t, 31)
	if sha256 {
		ap = newTestAPSHA256(t, 31)
	}
	rec := &recorder{}
	h := ap.handshake(rec, 32)
	if err := h.HandleEAPOL(ap.message1()); err != nil {
		t.Fatal(err)
	}
	ap.receive(rec.sent[0])
	if complete {
		if err := h.HandleEAPOL(ap.message3(withIGTK(4))); err != nil {
			t.Fatal(err)
		}
		ap.receive(rec.sent[1])
	}
	return ap, h, rec
}

func checkInstalled(t *testing.T, ap *testAP, h *Handshake, keys []InstalledKey) {
	t.Helper()
	for i, k := range keys {
		for _, earlier := range keys[:i] {
			if k.Type == earlier.Type && bytes.Equal(k.Key, earlier.Key) {
				t.Fatalf("%s installed twice", k)
			}
		}
		switch k.Type {
		case KeyPairwise:
			if want := ap.pairwiseKey(); !bytes.Equal(k.Key, want.Key) || k.Index != 0 || k.Cipher != CipherCCMP {
				t.Fatalf("installed %s, not the access point's pairwise key", k)
			}
		case KeyGroup:
			if k.Index < 0 || k.Index > 3 || len(k.Key) != cipherKeyLen(h.groupCipher) {
				t.Fatalf("installed %s for group cipher %s", k, CipherName(h.groupCipher))
			}
		case KeyIGTK:
			if k.Index < 4 || k.Index > 5 || len(k.Key) != cipherKeyLen(h.mgmtCipher) {
				t.Fatalf("installed %s for %s", k, CipherName(h.mgmtCipher))
			}
		}
	}
}
