package wifi

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/airroot/airroot/netboot/wpa"
)

// statusInvalidPMKID is the association status of an access point that
// does not know the PMKID offered (802.11-2020 Table 9-50).
const statusInvalidPMKID = 53

// pmksaAP is what a fake access point does with PMKSA caching, as hostapd
// does: Open System authentication is accepted for an SAE network, a known
// PMKID in the association request skips SAE or EAP, and message 1 names
// the PMKSA in its PMKID KDE.
type pmksaAP struct {
	id         *[16]byte // the PMKSA it holds; named in message 1
	openStatus uint16    // the answer to Open System authentication
	forgot     bool      // refuse any PMKID offered (status 53)
	other      bool      // name another PMKID in message 1
}

// openAuth answers Open System authentication (9.3.3.11).
func (ap *fakeAP) openAuth(ifindex int) {
	ap.received = append(ap.received, "Open System authentication")
	ap.k.AuthFrame(ifindex, ap.authFrameOf(0, 2, ap.pmksa.openStatus, nil))
}

// refusesPMKID reports whether the association request's RSN element
// offers a PMKID the access point does not hold.
func (ap *fakeAP) refusesPMKID(ies []byte) bool {
	e, err := wpa.ParseRSNE(ies)
	if err != nil || len(e.PMKIDs) == 0 {
		return false
	}
	return ap.pmksa.forgot || ap.pmksa.id == nil || e.PMKIDs[0] != *ap.pmksa.id
}

// pmkidKDE is message 1's key data: the PMKID KDE once there is a PMKSA.
func (ap *fakeAP) pmkidKDE() []byte {
	if ap.pmksa.id == nil {
		return nil
	}
	id := *ap.pmksa.id
	if ap.pmksa.other {
		id[0] ^= 0xff
	}
	b, err := (&wpa.KeyData{PMKID: &id}).MarshalBinary()
	if err != nil {
		ap.t.Fatal(err)
	}
	return b
}

// rejoin readies the access point for another association.
func (ap *fakeAP) rejoin(edit func(*pmksaAP)) {
	ap.mu.Lock()
	defer ap.mu.Unlock()
	ap.received, ap.complete = nil, make(chan struct{})
	edit(&ap.pmksa)
}

func TestJoinSAECachedPMKSA(t *testing.T) {
	full := []string{"SAE commit", "SAE confirm", "message 2", "message 4"}
	tests := []struct {
		name       string
		edit       func(*pmksaAP)
		wantErr    error
		want       []string // what the access point received on the rejoin
		wantCached bool     // the rejoin used the cached PMKSA
		wantKept   bool     // a PMKSA is cached after the rejoin
	}{
		{"the access point holds it: SAE skipped", func(*pmksaAP) {}, nil,
			[]string{"Open System authentication", "message 2", "message 4"}, true, true},
		{"Open System refused: SAE after all", func(p *pmksaAP) { p.openStatus = 13 }, nil,
			append([]string{"Open System authentication"}, full...), false, true},
		{"association refused with status 53", func(p *pmksaAP) { p.forgot = true }, ErrAssociation,
			[]string{"Open System authentication"}, false, false},
		{"message 1 names another PMKSA", func(p *pmksaAP) { p.other = true }, ErrHandshake,
			[]string{"Open System authentication"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newSAEAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple")
			w := newWorld(t, ccmpWiphy, ap)
			opts := w.options()
			opts.PMKSA = NewPMKSACache(0, nil)
			s, err := w.join(saeConf, opts)
			if err != nil {
				t.Fatalf("first Join: %v\n%s", err, w.log())
			}
			s.Close()
			p, ok := opts.PMKSA.Get(ap.bss.BSSID, "home", wpa.AKMSAE)
			if !ok || ap.pmksa.id == nil || p.PMKID != *ap.pmksa.id || p.PMK != ap.pmk {
				t.Fatalf("after SAE the cache holds %x (found %v), want the access point's PMKID and PMK", p.PMKID, ok)
			}
			ap.rejoin(tt.edit)
			s, err = w.join(saeConf, opts)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("rejoin: error %v, want %v\n%s", err, tt.wantErr, w.log())
			}
			if diff := cmp.Diff(tt.want, ap.messages()); diff != "" {
				t.Errorf("frames the access point received on the rejoin (-want +got):\n%s", diff)
			}
			if err == nil && s.PMKSACached != tt.wantCached {
				t.Errorf("Session.PMKSACached = %v, want %v", s.PMKSACached, tt.wantCached)
			}
			if _, ok := opts.PMKSA.Get(ap.bss.BSSID, "home", wpa.AKMSAE); ok != tt.wantKept {
				t.Errorf("cached after the rejoin = %v, want %v", ok, tt.wantKept)
			}
		})
	}
}

// rsneEAP is a WPA2-Enterprise access point (AKM 1).
var rsneEAP = []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 1, 0, 0}

const corpConf = `network={
	ssid="corp"
	key_mgmt=WPA-EAP
	eap=PEAP
	identity="alice"
	password="secret"
	domain_suffix_match="example.org"
}
`

// TestJoin8021XCachedPMKSA: with a PMKSA cached, the association request
// offers its PMKID and the 4-way handshake uses its PMK, with no EAP.
func TestJoin8021XCachedPMKSA(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "corp", "unused pass-phrase", rsneEAP)
	ap.akm = wpa.AKM8021X
	w := newWorld(t, ccmpWiphy, ap)
	id := wpa.PMKID(wpa.AKM8021X, ap.pmk[:], ap.bss.BSSID, ap.sta)
	ap.pmksa.id = &id
	opts := w.options()
	opts.PMKSA = NewPMKSACache(0, nil)
	opts.PMKSA.Put(PMKSA{BSSID: ap.bss.BSSID, SSID: "corp", AKM: wpa.AKM8021X, PMK: ap.pmk, PMKID: id})
	s, err := w.join(corpConf, opts)
	if err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if diff := cmp.Diff([]string{"message 2", "message 4"}, ap.messages()); diff != "" {
		t.Errorf("frames the access point received (-want +got):\n%s", diff)
	}
	e, err := wpa.ParseRSNE(ap.staRSNE)
	if err != nil || !slices.Equal(e.PMKIDs, [][16]byte{id}) {
		t.Errorf("association request RSN element %x: PMKIDs %x, want [%x]", ap.staRSNE, e.PMKIDs, id)
	}
	if !s.PMKSACached {
		t.Error("Session.PMKSACached = false, want true")
	}
}
