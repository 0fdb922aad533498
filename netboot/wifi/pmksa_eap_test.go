package wifi

import (
	"testing"

	"github.com/airroot/airroot/netboot/eap"
	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// TestCachedPMKSAEAPStarts: an access point that does not know the PMKID
// offered starts EAP instead of the 4-way handshake (12.6.10.3); the
// station forgets the PMKSA and answers EAP, whose PMK replaces the cached
// one.
func TestCachedPMKSAEAPStarts(t *testing.T) {
	r := &eapolRadio{}
	a := testAssociation(t, r)
	a.sec.rsn = &nl80211.RSN{AKM: uint32(wpa.AKM8021X)}
	a.opts.PMKSA = NewPMKSACache(0, nil)
	p := PMKSA{BSSID: a.bss.BSSID, SSID: "home", AKM: wpa.AKM8021X, PMK: [32]byte{9}, PMKID: [16]byte{7}}
	a.opts.PMKSA.Put(p)
	var err error
	if a.x, err = newDot1X(&conf.EAP{Methods: []string{"PEAP"}, Identity: "pi"}, Options{}); err != nil {
		t.Fatal(err)
	}
	params := nl80211.ConnectParams{}
	if err := a.offerPMKSA(&params); err != nil {
		t.Fatal(err)
	}
	if a.pmksa == nil || a.x.pmk == nil || *a.x.pmk != p.PMK || a.hs.PMKID == nil {
		t.Fatal("offerPMKSA did not give the cached PMK and PMKID to the handshake")
	}
	if err := a.handle(&nl80211.ConnectEvent{Ifindex: 3, BSSID: a.bss.BSSID}); err != nil {
		t.Fatal(err)
	}
	identity := &nl80211.ControlPortFrame{Ifindex: 3, Source: a.bss.BSSID, Proto: 0x888e, Frame: eap.ToEAPOL([]byte{1, 4, 0, 5, 1})}
	if err := a.handle(identity); err != nil {
		t.Fatal(err)
	}
	if _, ok := a.opts.PMKSA.Get(a.bss.BSSID, "home", wpa.AKM8021X); ok {
		t.Error("the PMKSA is still cached after the access point started EAP")
	}
	if a.pmksa != nil || a.x.pmk != nil || a.hs.PMKID != nil {
		t.Error("the association still uses the cached PMKSA after the access point started EAP")
	}
	if len(r.frames) != 1 {
		t.Errorf("%d frames sent, want the EAP-Response/Identity", len(r.frames))
	}
}
