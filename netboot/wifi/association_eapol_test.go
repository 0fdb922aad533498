package wifi

import (
	"net"
	"testing"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa"
	"github.com/google/go-cmp/cmp"
)

// eapolRadio records the EAPOL frames sent and whether each was to leave
// unencrypted, and accepts keys; any other method panics.
type eapolRadio struct {
	Radio
	frames [][]byte
	clear  []bool
}

func (r *eapolRadio) SendControlPortFrame(_ int, _ net.HardwareAddr, frame []byte, unencrypted bool) error {
	r.frames = append(r.frames, frame)
	r.clear = append(r.clear, unencrypted)
	return nil
}

func (r *eapolRadio) NewKey(int, nl80211.Key) error             { return nil }
func (r *eapolRadio) SetDefaultKey(int, int) error              { return nil }
func (r *eapolRadio) AuthorizePort(int, net.HardwareAddr) error { return nil }

// Once the PTK is installed our EAPOL frames leave encrypted (no
// NL80211_ATTR_CONTROL_PORT_NO_ENCRYPT), except the answer to a message 1
// in the clear: without PMF it restarts the handshake with an access point
// that holds no PTK for us (the raspi1ap boot whose association was
// retried), so message 2 goes in the clear too.
func TestEAPOLProtectionAfterPTK(t *testing.T) {
	r := &eapolRadio{}
	a := testAssociation(t, r)
	if err := a.handle(&nl80211.ConnectEvent{Ifindex: 3, BSSID: a.bss.BSSID}); err != nil {
		t.Fatal(err)
	}
	anonce := [32]byte{1, 2, 3}
	deliver := func(frame []byte, clear bool) {
		t.Helper()
		f := &nl80211.ControlPortFrame{Ifindex: 3, Source: a.bss.BSSID, Proto: 0x888e, Frame: frame, Unencrypted: clear}
		if err := a.handle(f); err != nil {
			t.Fatal(err)
		}
	}
	deliver(eapolMessage1(t, 1, anonce), true)
	msg2, err := wpa.ParseEAPOL(r.frames[0])
	if err != nil {
		t.Fatal(err)
	}
	ptk, err := wpa.DerivePTK(wpa.AKMPSK, a.network.PSK, a.bss.BSSID, a.spa, anonce, msg2.Nonce)
	if err != nil {
		t.Fatal(err)
	}
	deliver(eapolMessage3(t, 2, anonce, ptk, a.sec.apRSNE), true)
	if !a.authorized {
		t.Fatal("port not authorized after message 3")
	}
	deliver(eapolMessage1(t, 3, [32]byte{4, 5, 6}), true)  // a restart, or anyone in range
	deliver(eapolMessage1(t, 4, [32]byte{7, 8, 9}), false) // the access point's PTK rekey
	if diff := cmp.Diff([]bool{true, true, true, false}, r.clear); diff != "" {
		t.Errorf("frames sent in the clear: message 2, message 4, restart message 2, rekey message 2 (-want +got):\n%s", diff)
	}
}

func eapolMessage1(t *testing.T, replay uint64, anonce [32]byte) []byte {
	t.Helper()
	k := &wpa.Key{ProtocolVersion: 2, DescriptorType: wpa.DescriptorRSN, Info: wpa.KeyVersionHMACSHA1AES | wpa.KeyInfoPairwise | wpa.KeyInfoAck,
		Length: 16, ReplayCounter: replay, Nonce: anonce}
	b, err := k.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func eapolMessage3(t *testing.T, replay uint64, anonce [32]byte, ptk wpa.PTK, rsne []byte) []byte {
	t.Helper()
	kd := &wpa.KeyData{RSNEs: [][]byte{rsne}, GTK: &wpa.GTK{KeyID: 1, Key: make([]byte, 16)}}
	plain, err := kd.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	wrapped, err := wpa.KeyWrap(ptk.KEK[:], wpa.PadKeyData(plain))
	if err != nil {
		t.Fatal(err)
	}
	k := &wpa.Key{ProtocolVersion: 2, DescriptorType: wpa.DescriptorRSN, Length: 16, ReplayCounter: replay, Nonce: anonce, Data: wrapped,
		Info: wpa.KeyVersionHMACSHA1AES | wpa.KeyInfoPairwise | wpa.KeyInfoInstall | wpa.KeyInfoAck | wpa.KeyInfoMIC |
			wpa.KeyInfoSecure | wpa.KeyInfoEncryptedKeyData}
	b, err := k.Sign(ptk.KCK[:])
	if err != nil {
		t.Fatal(err)
	}
	return b
}
