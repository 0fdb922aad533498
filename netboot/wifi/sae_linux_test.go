package wifi

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"github.com/airroot/airroot/netboot/wpa"
	"github.com/airroot/airroot/netboot/wpa/sae"
)

// rsneSAE is a WPA3-only access point without management frame protection,
// so that the fake access point's 4-way handshake needs no IGTK.
var rsneSAE = []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 8, 0, 0}

// saeAP is the SAE side of a WPA3 access point, built from package sae and
// answering as hostapd does: its commit for the station's, its confirm for
// a confirm that verifies, nothing for one that does not.
type saeAP struct {
	password string
	groups   []int // the groups it speaks; nil for any
	ex       *sae.Exchange
	external bool // a driver with its own SME: frames go through CMD_FRAME
}

func newSAEAP(t *testing.T, bssid, ssid, password string) *fakeAP {
	ap := newFakeAP(t, bssid, ssid, "unused pass-phrase", rsneSAE)
	ap.akm, ap.version, ap.pmk = wpa.AKMSAE, wpa.KeyVersionAKMDefined, [32]byte{}
	ap.sae = &saeAP{password: password}
	return ap
}

// authenticate answers one SAE message sent with CMD_AUTHENTICATE.
func (ap *fakeAP) authenticate(r nl80211test.AuthRequest) {
	ap.mu.Lock()
	defer ap.mu.Unlock()
	if r.AuthType == 0 {
		ap.openAuth(r.Ifindex)
		return
	}
	if r.AuthType != 4 || len(r.SAEData) < 4 {
		ap.t.Errorf("fake AP: CMD_AUTHENTICATE with type %d and %d bytes of SAE data", r.AuthType, len(r.SAEData))
		return
	}
	body := r.SAEData[4:]
	switch binary.LittleEndian.Uint16(r.SAEData) {
	case 1:
		ap.saeCommit(r.Ifindex, body)
	case 2:
		ap.saeConfirm(r.Ifindex, body)
	}
}

func (ap *fakeAP) saeCommit(ifindex int, body []byte) {
	c, err := sae.ParseCommit(body)
	if err == nil && ap.sae.groups != nil && !slices.Contains(ap.sae.groups, int(c.Group)) {
		// hostapd's answer to a group it does not speak: status 77 and
		// the group (802.11-2020 12.4.8.6.4).
		ap.received = append(ap.received, fmt.Sprintf("SAE commit in group %d", c.Group))
		ap.sendAuth(ifindex, ap.authFrameOf(3, 1, sae.StatusUnsupportedGroup, body[:2]))
		return
	}
	var g *sae.Group
	if err == nil {
		g, err = sae.LookupGroup(int(c.Group))
	}
	var pwe *sae.Element
	if err == nil {
		pwe, err = sae.HuntAndPeck(g, []byte(ap.sae.password), nil, ap.bss.BSSID, ap.sta)
	}
	if err == nil {
		ap.sae.ex, err = sae.NewExchange(pwe, ap.rand)
	}
	if err == nil {
		err = ap.sae.ex.ProcessCommit(c.Commit)
	}
	if err != nil {
		ap.t.Errorf("fake AP: SAE commit: %v", err)
		return
	}
	ours := ap.sae.ex.Commit()
	reply := append(binary.LittleEndian.AppendUint16(nil, c.Group), ours.Scalar...)
	ap.received = append(ap.received, "SAE commit")
	ap.sendAuth(ifindex, ap.authFrame(1, append(reply, ours.Element...)))
}

func (ap *fakeAP) saeConfirm(ifindex int, body []byte) {
	sc, confirm, err := sae.ParseConfirm(body, ap.sae.ex.ConfirmLen())
	if err == nil {
		err = ap.sae.ex.VerifyConfirm(sc, confirm)
	}
	if err != nil {
		ap.received = append(ap.received, "SAE confirm that does not verify")
		return
	}
	ap.received = append(ap.received, "SAE confirm")
	pmk, pmkid := ap.sae.ex.Keys()
	ap.pmk, ap.pmksa.id = [32]byte(pmk), (*[16]byte)(pmkid)
	ap.sendAuth(ifindex, ap.authFrame(2, append(binary.LittleEndian.AppendUint16(nil, 1), ap.sae.ex.Confirm(1)...)))
}

// sendAuth hands an authentication frame to the station as mac80211 does
// (CMD_AUTHENTICATE), or as a fullMAC driver does for external SAE
// (CMD_FRAME to the socket registered for it).
func (ap *fakeAP) sendAuth(ifindex int, frame []byte) {
	if !ap.sae.external {
		ap.k.AuthFrame(ifindex, frame)
		return
	}
	if err := ap.k.DeliverFrame(ifindex, frame); err != nil {
		ap.t.Errorf("fake AP: %v", err)
	}
}

// authFrame is an SAE authentication frame from the access point to the
// station (802.11-2020 9.3.3.12).
func (ap *fakeAP) authFrame(transaction uint16, body []byte) []byte {
	return ap.authFrameOf(3, transaction, 0, body)
}

func (ap *fakeAP) authFrameOf(alg, transaction, status uint16, body []byte) []byte {
	f := make([]byte, 24, 30+len(body))
	f[0] = 0xb0
	copy(f[4:], ap.sta)
	copy(f[10:], ap.bss.BSSID)
	copy(f[16:], ap.bss.BSSID)
	f = binary.LittleEndian.AppendUint16(f, alg)
	f = binary.LittleEndian.AppendUint16(f, transaction)
	f = binary.LittleEndian.AppendUint16(f, status)
	return append(f, body...)
}

const saeConf = `network={
	ssid="home"
	key_mgmt=SAE
	sae_password="correct horse battery staple"
	ieee80211w=1
}
`

func TestJoinSAE(t *testing.T) {
	ap := newSAEAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple")
	w := newWorld(t, ccmpWiphy, ap)
	s, err := w.join(saeConf, w.options())
	if err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if tm := s.Times; tm.SAEStarted.Before(tm.InterfaceUp) || tm.SAEDone.Before(tm.SAEStarted) || tm.Associated.Before(tm.SAEDone) || tm.SAEDone.IsZero() {
		t.Errorf("times %+v: want interface up <= SAE started <= SAE done <= associated", tm)
	}
	want := []string{"SAE commit", "SAE confirm", "message 2", "message 4"}
	if diff := cmp.Diff(want, ap.messages()); diff != "" {
		t.Errorf("frames the access point received (-want +got):\n%s", diff)
	}
	if n := len(w.k.Requests(unix.NL80211_CMD_CONNECT)); n != 0 {
		t.Errorf("%d CMD_CONNECT requests; SAE must authenticate, then associate", n)
	}
	assoc := w.k.Requests(unix.NL80211_CMD_ASSOCIATE)
	if len(assoc) != 1 {
		t.Fatalf("%d CMD_ASSOCIATE requests, want 1", len(assoc))
	}
	if akm, _ := assoc[0].Attr(unix.NL80211_ATTR_AKM_SUITES); !bytes.Equal(akm, binary.NativeEndian.AppendUint32(nil, uint32(wpa.AKMSAE))) {
		t.Errorf("CMD_ASSOCIATE AKM suites %x, want SAE", akm)
	}
	if keys := w.k.Keys(); len(keys) == 0 || !bytes.Equal(keys[0].Data, ap.ptk.TK[:]) {
		t.Errorf("installed keys %v, want the pairwise key from SAE's PMK first", keys)
	}
}

func TestJoinSAEWrongPassword(t *testing.T) {
	ap := newSAEAP(t, "02:00:00:00:00:01", "home", "a different password")
	w := newWorld(t, ccmpWiphy, ap)
	_, err := w.join(saeConf, w.options())
	if !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("Join error %v, want ErrWrongPassphrase\n%s", err, w.log())
	}
	if diff := cmp.Diff([]string{"SAE commit", "SAE confirm that does not verify"}, ap.messages()); diff != "" {
		t.Errorf("frames the access point received (-want +got):\n%s", diff)
	}
}

// An access point that speaks only group 20 refuses our first commit in
// 19; the station moves on to 20, joins, and the log says so.
func TestJoinSAERejectedGroup(t *testing.T) {
	ap := newSAEAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple")
	ap.sae.groups = []int{sae.Group20}
	w := newWorld(t, ccmpWiphy, ap)
	if _, err := w.join(saeConf, w.options()); err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	want := []string{"SAE commit in group 19", "SAE commit", "SAE confirm", "message 2", "message 4"}
	if diff := cmp.Diff(want, ap.messages()); diff != "" {
		t.Errorf("frames the access point received (-want +got):\n%s", diff)
	}
	for _, line := range []string{"refuses group 19 (P-256); trying group 20 (P-384)", "(group 20 (P-384))"} {
		if !strings.Contains(w.log(), line) {
			t.Errorf("log does not say %q:\n%s", line, w.log())
		}
	}
}

// With sae_groups=19 and an access point on 20 only, the join fails with
// a message naming the group tried and the setting to change.
func TestJoinSAEAllGroupsRefused(t *testing.T) {
	ap := newSAEAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple")
	ap.sae.groups = []int{sae.Group20}
	w := newWorld(t, ccmpWiphy, ap)
	_, err := w.join("sae_groups=19\n"+saeConf, w.options())
	if !errors.Is(err, sae.ErrUnsupportedGroup) || !errors.Is(err, ErrAccessPoint) {
		t.Fatalf("Join error %v, want ErrUnsupportedGroup and ErrAccessPoint\n%s", err, w.log())
	}
	if !strings.Contains(err.Error(), "19 (P-256)") || !strings.Contains(err.Error(), "sae_groups=") {
		t.Errorf("error %q does not name the group tried and sae_groups=", err)
	}
}
