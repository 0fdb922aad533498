package wifi

import (
	"bytes"
	"math/rand/v2"
	"net"
	"sync"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"github.com/airroot/airroot/netboot/wpa"
)

// fakeAP is the authenticator side of an access point, built from
// package wpa's primitives as hostapd builds its frames: it answers
// CMD_CONNECT through the fake kernel and runs the 4-way and group key
// handshakes over the control port.
type fakeAP struct {
	t        *testing.T
	k        *nl80211test.Kernel
	bss      nl80211test.BSS
	pmk      [32]byte
	rsne     []byte           // advertised
	status   uint16           // association status; 0 accepts
	early    bool             // send message 1 before the CONNECT result
	onBadMIC func(ap *fakeAP) // a message 2 failed its MIC; nil: stay silent
	// akm and version are the AKM of the 4-way handshake and its key
	// descriptor version: WPA-PSK and 2 unless newSAEAP changed them.
	akm     wpa.Suite
	version wpa.KeyInfo
	sae     *saeAP // the SAE side of a WPA3 access point; nil otherwise
	pmksa   pmksaAP

	mu       sync.Mutex
	rand     *rand.ChaCha8
	ifindex  int
	sta      net.HardwareAddr
	staRSNE  []byte // from the association request
	replay   uint64
	anonce   [32]byte
	ptk      wpa.PTK
	havePTK  bool
	gtk      []byte
	gtkID    int
	rsc      [8]byte
	received []string
	complete chan struct{} // closed at message 4
}

var (
	rsnePSKCCMP = []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0x0c, 0}
	rsnePSKTKIP = []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 2, 1, 0, 0, 0x0f, 0xac, 2, 1, 0, 0, 0x0f, 0xac, 2, 0, 0}
)

func newFakeAP(t *testing.T, bssid string, ssid, passphrase string, rsne []byte) *fakeAP {
	ap := &fakeAP{t: t, rsne: rsne, rand: rand.NewChaCha8([32]byte{'a', 'p', bssid[len(bssid)-1]}), complete: make(chan struct{}),
		akm: wpa.AKMPSK, version: wpa.KeyVersionHMACSHA1AES}
	ap.bss = nl80211test.BSS{BSSID: testutil.MAC(t, bssid), Frequency: 2412, Signal: -5000, SSID: ssid, Capability: 0x0401}
	if rsne != nil {
		ap.bss.Capability |= 0x10 // privacy
		ap.bss.IEs = rsne
		var err error
		if ap.pmk, err = wpa.PSK(passphrase, ssid); err != nil {
			t.Fatal(err)
		}
	}
	ap.gtk, ap.gtkID, ap.rsc = ap.random(16), 1, [8]byte{0x2a, 1}
	return ap
}

func (ap *fakeAP) random(n int) []byte {
	b := make([]byte, n)
	ap.rand.Read(b)
	return b
}

// connect answers CMD_CONNECT.
func (ap *fakeAP) connect(r nl80211test.ConnectRequest) {
	ap.mu.Lock()
	ap.ifindex, ap.staRSNE = r.Ifindex, r.IEs
	ap.mu.Unlock()
	switch {
	case ap.refusesPMKID(r.IEs):
		ap.k.ConnectResult(r.Ifindex, ap.bss.BSSID, statusInvalidPMKID)
	case ap.status != 0:
		ap.k.ConnectResult(r.Ifindex, ap.bss.BSSID, ap.status)
	case r.PMK != nil:
		ap.k.ConnectResult(r.Ifindex, ap.bss.BSSID, 0)
		if bytes.Equal(r.PMK, ap.pmk[:]) {
			ap.k.PortAuthorized(r.Ifindex, ap.bss.BSSID)
		} else {
			ap.k.Disconnected(r.Ifindex, 15, true)
		}
	case ap.rsne == nil:
		ap.k.ConnectResult(r.Ifindex, ap.bss.BSSID, 0)
	case ap.early:
		ap.sendMessage1()
		ap.k.ConnectResult(r.Ifindex, ap.bss.BSSID, 0)
	default:
		ap.k.ConnectResult(r.Ifindex, ap.bss.BSSID, 0)
		ap.sendMessage1()
	}
}

func (ap *fakeAP) deliver(frame []byte, unencrypted bool) {
	if err := ap.k.DeliverEAPOL(ap.ifindex, ap.bss.BSSID, frame, unencrypted); err != nil {
		ap.t.Errorf("fake AP: %v", err)
	}
}

// frame signs (or not) and encodes an EAPOL-Key frame with the next
// replay counter.
func (ap *fakeAP) frame(k *wpa.Key, sign bool) []byte {
	k.ProtocolVersion, k.DescriptorType = 2, wpa.DescriptorRSN
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
		ap.t.Fatalf("fake AP: %v", err)
	}
	return b
}

func (ap *fakeAP) sendMessage1() {
	ap.mu.Lock()
	copy(ap.anonce[:], ap.random(32))
	f := ap.frame(&wpa.Key{Info: ap.version | wpa.KeyInfoPairwise | wpa.KeyInfoAck, Length: 16, Nonce: ap.anonce, Data: ap.pmkidKDE()}, false)
	ap.mu.Unlock()
	ap.deliver(f, true)
}

// wrap encrypts key data with the KEK.
func (ap *fakeAP) wrap(kd *wpa.KeyData) []byte {
	plain, err := kd.MarshalBinary()
	if err != nil {
		ap.t.Fatalf("fake AP: %v", err)
	}
	wrapped, err := wpa.KeyWrap(ap.ptk.KEK[:], wpa.PadKeyData(plain))
	if err != nil {
		ap.t.Fatalf("fake AP: %v", err)
	}
	return wrapped
}

// receive handles a frame the station sent with CMD_CONTROL_PORT_FRAME.
func (ap *fakeAP) receive(f nl80211test.ControlPortTx) {
	ap.mu.Lock()
	defer ap.mu.Unlock()
	k, err := wpa.ParseEAPOL(f.Frame)
	if err != nil {
		ap.t.Errorf("fake AP: %v", err)
		return
	}
	base := ap.version | wpa.KeyInfoMIC
	switch {
	case k.Info == base|wpa.KeyInfoPairwise && k.Nonce != [32]byte{}:
		ap.message2(k, f)
	case k.Info == base|wpa.KeyInfoPairwise|wpa.KeyInfoSecure:
		ap.check(f.Frame, "message 4")
		close(ap.complete)
	case k.Info == base|wpa.KeyInfoSecure:
		ap.check(f.Frame, "group message 2")
	default:
		ap.t.Errorf("fake AP: unexpected key information %v", k.Info)
	}
}

func (ap *fakeAP) check(frame []byte, name string) {
	if err := wpa.VerifyMIC(ap.ptk.KCK[:], frame); err != nil {
		ap.t.Errorf("fake AP: %s: %v", name, err)
	}
	ap.received = append(ap.received, name)
}

// message2 verifies the station's message 2 and answers with message 3.
func (ap *fakeAP) message2(k *wpa.Key, f nl80211test.ControlPortTx) {
	if !f.Unencrypted {
		ap.t.Error("fake AP: message 2 was not sent in the clear")
	}
	ptk, err := wpa.DerivePTK(ap.akm, ap.pmk, ap.bss.BSSID, ap.sta, ap.anonce, k.Nonce)
	if err != nil {
		ap.t.Fatal(err)
	}
	if err := wpa.VerifyMIC(ptk.KCK[:], f.Frame); err != nil {
		ap.received = append(ap.received, "message 2 with a bad MIC")
		if ap.onBadMIC != nil {
			go ap.onBadMIC(ap)
		}
		return
	}
	ap.received = append(ap.received, "message 2")
	if !bytes.Equal(k.Data, ap.staRSNE) {
		ap.t.Errorf("fake AP: message 2 carries RSN element %x, the association request had %x", k.Data, ap.staRSNE)
	}
	ap.ptk, ap.havePTK = ptk, true
	kd := &wpa.KeyData{RSNEs: [][]byte{ap.rsne}, GTK: &wpa.GTK{KeyID: ap.gtkID, Key: ap.gtk}}
	info := ap.version | wpa.KeyInfoPairwise | wpa.KeyInfoInstall | wpa.KeyInfoAck | wpa.KeyInfoMIC |
		wpa.KeyInfoSecure | wpa.KeyInfoEncryptedKeyData
	msg3 := ap.frame(&wpa.Key{Info: info, Length: 16, Nonce: ap.anonce, RSC: ap.rsc, Data: ap.wrap(kd)}, true)
	ap.deliver(msg3, true)
}

// groupRekey sends a new GTK with group message 1.
func (ap *fakeAP) groupRekey() {
	ap.mu.Lock()
	ap.gtk, ap.gtkID, ap.rsc = ap.random(16), 3-ap.gtkID, [8]byte{7}
	kd := &wpa.KeyData{GTK: &wpa.GTK{KeyID: ap.gtkID, Key: ap.gtk}}
	info := ap.version | wpa.KeyInfoAck | wpa.KeyInfoMIC | wpa.KeyInfoSecure | wpa.KeyInfoEncryptedKeyData
	f := ap.frame(&wpa.Key{Info: info, RSC: ap.rsc, Data: ap.wrap(kd)}, true)
	ap.mu.Unlock()
	ap.deliver(f, false)
}

func (ap *fakeAP) messages() []string {
	ap.mu.Lock()
	defer ap.mu.Unlock()
	return append([]string(nil), ap.received...)
}
