package wpa

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
)

// testAP is the authenticator side of the handshakes, built from the
// package's own primitives (which vectors_test.go checks against real
// peers). It checks every frame the supplicant sends.
type testAP struct {
	t        testing.TB
	pmk      [32]byte
	aa, spa  net.HardwareAddr
	rsne     []byte // advertised in the beacon
	staRSNE  []byte // what the station must put in message 2
	rsnxe    []byte // RSN Extension element of the beacon and message 3
	akm      Suite
	rand     io.Reader
	replay   uint64
	anonce   [32]byte
	ptk      PTK
	haveTPTK bool
	gtk      []byte
	gtkID    int
	gtkRSC   [8]byte
	last     []byte // a frame kept for replaying
}

var (
	testAPRSNE  = []byte{0x30, 0x14, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 2, 0x0c, 0}
	testSTARSNE = []byte{0x30, 0x14, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 2, 0, 0}
	// WPA-PSK-SHA256 with management frame protection required by the
	// access point (hostapd's wpa_key_mgmt=WPA-PSK-SHA256 ieee80211w=2),
	// capable on the station.
	testAPRSNESHA256  = []byte{0x30, 0x14, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 6, 0xcc, 0}
	testSTARSNESHA256 = []byte{0x30, 0x14, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 6, 0x80, 0}
)

func newTestAP(t testing.TB, seed uint64) *testAP {
	ap := &testAP{
		t: t, aa: testutil.MAC(t, "02:00:00:00:00:01"), spa: testutil.MAC(t, "02:00:00:00:01:00"),
		rsne: testAPRSNE, staRSNE: testSTARSNE, akm: AKMPSK,
		rand: rand.NewChaCha8([32]byte{byte(seed), 'a', 'p'}),
	}
	ap.read(ap.pmk[:])
	ap.newANonce()
	ap.newGTK(1)
	ap.gtkRSC = [8]byte{0x2a, 0x01, 0, 0, 0, 0, 0, 0}
	return ap
}

// newTestAPSHA256 is a test access point speaking WPA-PSK-SHA256: key
// descriptor version 3, with an IGTK.
func newTestAPSHA256(t testing.TB, seed uint64) *testAP {
	ap := newTestAP(t, seed)
	ap.rsne, ap.staRSNE, ap.akm = testAPRSNESHA256, testSTARSNESHA256, AKMPSKSHA256
	return ap
}

// version is the key descriptor version of the access point's AKM.
func (ap *testAP) version() KeyInfo { return KeyInfo(keyVersion(ap.akm)) }

func (ap *testAP) read(b []byte) {
	if _, err := io.ReadFull(ap.rand, b); err != nil {
		ap.t.Fatal(err)
	}
}

func (ap *testAP) newANonce() { ap.read(ap.anonce[:]) }

func (ap *testAP) newGTK(id int) {
	ap.gtk, ap.gtkID = make([]byte, 16), id
	ap.read(ap.gtk)
}

// handshake returns a supplicant for this AP wired to rec.
func (ap *testAP) handshake(rec *recorder, seed uint64) *Handshake {
	return rec.wire(&Handshake{
		PMK: ap.pmk, AA: ap.aa, SPA: ap.spa, APRSNE: ap.rsne, OurRSNE: ap.staRSNE, APRSNXE: ap.rsnxe,
		Rand: rand.NewChaCha8([32]byte{byte(seed), 's', 't', 'a'}),
	})
}

func (ap *testAP) frame(k *Key, sign bool) []byte {
	k.ProtocolVersion, k.DescriptorType = 2, DescriptorRSN
	ap.replay++
	k.ReplayCounter = ap.replay
	var b []byte
	var err error
	if sign {
		b, err = k.Sign(ap.ptk.KCK[:])
	} else {
		b, err = k.MarshalBinary()
	}
	if err != nil {
		ap.t.Fatal(err)
	}
	return b
}

func (ap *testAP) message1() []byte {
	return ap.frame(&Key{Info: ap.version() | KeyInfoPairwise | KeyInfoAck, Length: 16, Nonce: ap.anonce}, false)
}

// message3 sends the GTK and the beacon's RSN element; edit may change
// the key data first.
func (ap *testAP) message3(edit func(*KeyData)) []byte {
	if !ap.haveTPTK {
		ap.t.Fatal("test AP: message 3 before a message 2")
	}
	kd := &KeyData{RSNEs: [][]byte{ap.rsne}, RSNXE: ap.rsnxe, GTK: &GTK{KeyID: ap.gtkID, Key: ap.gtk}}
	if edit != nil {
		edit(kd)
	}
	info := ap.version() | KeyInfoPairwise | KeyInfoInstall | KeyInfoAck | KeyInfoMIC | KeyInfoSecure | KeyInfoEncryptedKeyData
	return ap.frame(&Key{Info: info, Length: 16, Nonce: ap.anonce, RSC: ap.gtkRSC, Data: ap.wrap(kd)}, true)
}

func (ap *testAP) groupMessage1() []byte {
	kd := &KeyData{GTK: &GTK{KeyID: ap.gtkID, Key: ap.gtk}}
	info := ap.version() | KeyInfoAck | KeyInfoMIC | KeyInfoSecure | KeyInfoEncryptedKeyData
	return ap.frame(&Key{Info: info, RSC: ap.gtkRSC, Data: ap.wrap(kd)}, true)
}

func (ap *testAP) wrap(kd *KeyData) []byte {
	plain, err := kd.MarshalBinary()
	if err != nil {
		ap.t.Fatal(err)
	}
	wrapped, err := KeyWrap(ap.ptk.KEK[:], PadKeyData(plain))
	if err != nil {
		ap.t.Fatal(err)
	}
	return wrapped
}

// receive checks a frame from the supplicant as an authenticator would
// and says which message it is.
func (ap *testAP) receive(frame []byte) string {
	t := ap.t
	t.Helper()
	k, err := ParseEAPOL(frame)
	if err != nil {
		t.Fatalf("test AP: %v", err)
	}
	if k.ReplayCounter != ap.replay {
		t.Errorf("test AP: replay counter %d, want %d", k.ReplayCounter, ap.replay)
	}
	base := ap.version() | KeyInfoMIC
	var kind string
	switch {
	case k.Info&^KeyInfoSecure == base|KeyInfoPairwise && k.Nonce != [32]byte{}:
		kind = "message 2"
		if ap.ptk, err = DerivePTK(ap.akm, ap.pmk, ap.aa, ap.spa, ap.anonce, k.Nonce); err != nil {
			t.Fatal(err)
		}
		ap.haveTPTK = true
		if !bytes.Equal(k.Data, ap.staRSNE) {
			t.Errorf("test AP: message 2 key data %x, want our RSN element %x", k.Data, ap.staRSNE)
		}
	case k.Info == base|KeyInfoPairwise|KeyInfoSecure:
		kind = "message 4"
	case k.Info == base|KeyInfoSecure:
		kind = "group message 2"
	default:
		t.Fatalf("test AP: unexpected key information %v", k.Info)
	}
	if err := VerifyMIC(ap.ptk.KCK[:], frame); err != nil {
		t.Errorf("test AP: %s: %v", kind, err)
	}
	if kind != "message 2" && (k.Nonce != [32]byte{} || len(k.Data) != 0) {
		t.Errorf("test AP: %s carries a nonce or key data", kind)
	}
	return kind
}

func (ap *testAP) pairwiseKey() InstalledKey {
	return InstalledKey{Type: KeyPairwise, Cipher: CipherCCMP, Key: append([]byte(nil), ap.ptk.TK[:]...)}
}

func (ap *testAP) groupKey() InstalledKey {
	return InstalledKey{Type: KeyGroup, Index: ap.gtkID, Cipher: CipherCCMP, Key: ap.gtk, RSC: [6]byte(ap.gtkRSC[:6])}
}
