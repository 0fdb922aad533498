package wifi

import (
	"errors"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa"
	"github.com/airroot/airroot/netboot/wpa/conf"
	"github.com/google/go-cmp/cmp"
)

// Test RSN elements, as hostapd advertises them.
var (
	testRSNECCMP = []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0x0c, 0}
	// WPA2 with a TKIP group cipher and optional management frame protection.
	testRSNEMixedMFP = []byte{48, 24, 1, 0, 0, 0x0f, 0xac, 2, 2, 0, 0, 0x0f, 0xac, 4, 0, 0x0f, 0xac, 2, 1, 0, 0, 0x0f, 0xac, 2, 0x80, 0}
	// hostapd's wpa_key_mgmt=WPA-PSK-SHA256 ieee80211w=2.
	testRSNESHA256 = []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 6, 0xcc, 0}
)

func TestNegotiate(t *testing.T) {
	ap := testutil.MAC(t, "02:00:00:00:00:01")
	psk := conf.Network{SSID: "home", KeyMgmt: conf.KeyMgmtWPAPSK}
	tests := []struct {
		name    string
		bss     nl80211.BSS
		network conf.Network
		wantRSN *nl80211.RSN
		wantIE  []byte
		wantErr error
	}{
		{
			name:    "CCMP",
			bss:     nl80211.BSS{BSSID: ap, SSID: "home", Capability: 0x11, RSNE: testRSNECCMP},
			network: psk,
			wantRSN: &nl80211.RSN{Pairwise: 0x000fac04, Group: 0x000fac04, AKM: 0x000fac02},
			wantIE:  []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0, 0},
		},
		{
			name:    "TKIP group cipher, management frame protection when possible",
			bss:     nl80211.BSS{BSSID: ap, SSID: "home", Capability: 0x11, RSNE: testRSNEMixedMFP},
			network: conf.Network{SSID: "home", KeyMgmt: conf.KeyMgmtWPAPSK, IEEE80211W: wpa.MFPOptional},
			wantRSN: &nl80211.RSN{Pairwise: 0x000fac04, Group: 0x000fac02, AKM: 0x000fac02, MFP: true},
			wantIE:  []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 2, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0x80, 0},
		},
		{
			name:    "TKIP group cipher with group=CCMP",
			bss:     nl80211.BSS{BSSID: ap, SSID: "home", Capability: 0x11, RSNE: testRSNEMixedMFP},
			network: conf.Network{SSID: "home", KeyMgmt: conf.KeyMgmtWPAPSK, IEEE80211W: wpa.MFPOptional, GroupCCMPOnly: true},
			wantErr: ErrAccessPoint, // what the beacon says is retried, never final
		},
		{
			name:    "WPA-PSK-SHA256 with management frame protection required",
			bss:     nl80211.BSS{BSSID: ap, SSID: "home", Capability: 0x11, RSNE: testRSNESHA256},
			network: conf.Network{SSID: "home", KeyMgmt: conf.KeyMgmtWPAPSKSHA256, IEEE80211W: wpa.MFPOptional},
			wantRSN: &nl80211.RSN{Pairwise: 0x000fac04, Group: 0x000fac04, AKM: 0x000fac06, MFP: true},
			wantIE:  []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 6, 0x80, 0},
		},
		{
			name:    "management frame protection required but not offered",
			bss:     nl80211.BSS{BSSID: ap, SSID: "home", Capability: 0x11, RSNE: testRSNECCMP},
			network: conf.Network{SSID: "home", KeyMgmt: conf.KeyMgmtWPAPSK, IEEE80211W: wpa.MFPRequired},
			wantErr: ErrAccessPoint,
		},
		{
			name:    "WPA1 only",
			bss:     nl80211.BSS{BSSID: ap, SSID: "home", Capability: 0x11, IEs: []byte{221, 6, 0, 0x50, 0xf2, 1, 1, 0}},
			network: psk,
			wantErr: ErrAccessPoint,
		},
		{
			name:    "malformed RSN element",
			bss:     nl80211.BSS{BSSID: ap, SSID: "home", Capability: 0x11, RSNE: []byte{48, 3, 1, 0, 0}},
			network: psk,
			wantErr: ErrAccessPoint,
		},
		{
			name:    "open",
			bss:     nl80211.BSS{BSSID: ap, SSID: "cafe"},
			network: conf.Network{SSID: "cafe", KeyMgmt: conf.KeyMgmtNone},
		},
		{
			name:    "WEP configured as open",
			bss:     nl80211.BSS{BSSID: ap, SSID: "cafe", Capability: 0x11},
			network: conf.Network{SSID: "cafe", KeyMgmt: conf.KeyMgmtNone},
			wantErr: ErrAccessPoint,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sec, err := negotiate(&tt.bss, tt.network)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("negotiate error %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantRSN, sec.rsn); diff != "" {
				t.Errorf("suites (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantIE, sec.ourRSNE); diff != "" {
				t.Errorf("our RSN element (-want +got):\n%s", diff)
			}
			if sec.open != (tt.network.KeyMgmt == conf.KeyMgmtNone) {
				t.Errorf("open = %v", sec.open)
			}
		})
	}
}

func TestLegacySecurity(t *testing.T) {
	tests := []struct {
		name string
		bss  nl80211.BSS
		want string
	}{
		{"WPA1", nl80211.BSS{Capability: 0x11, IEs: []byte{221, 6, 0, 0x50, 0xf2, 1, 1, 0}}, "offers WPA1 only"},
		{"WEP", nl80211.BSS{Capability: 0x11}, "offers WEP only"},
		{"open", nl80211.BSS{Capability: 0x01}, "is an open network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := legacySecurity(&tt.bss); got != tt.want {
				t.Errorf("legacySecurity = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFitRadio(t *testing.T) {
	ap := testutil.MAC(t, "02:00:00:00:00:01")
	bss := func(rsne []byte) *nl80211.BSS {
		return &nl80211.BSS{BSSID: ap, SSID: "home", Capability: 0x11, RSNE: rsne}
	}
	mfpCapable := []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0x80, 0}
	mfpRequired := []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0xc0, 0}
	noBIP := []uint32{0x000fac02, 0x000fac04}
	withBIP := []uint32{0x000fac02, 0x000fac04, 0x000fac06}
	tests := []struct {
		name     string
		ciphers  []uint32
		rsne     []byte
		mfp      wpa.MFP
		wantMFP  bool
		wantErr  error
		wantText string
	}{
		{name: "both ciphers", ciphers: noBIP, rsne: testRSNEMixedMFP, mfp: wpa.MFPDisabled},
		{name: "no cipher list", rsne: mfpCapable, mfp: wpa.MFPOptional, wantMFP: true},
		{name: "no TKIP", ciphers: []uint32{0x000fac04}, rsne: testRSNEMixedMFP, wantErr: ErrUnsupported,
			wantText: "wireless interface wlan0 (phy1) does not support TKIP: not supported"},
		{name: "BIP supported", ciphers: withBIP, rsne: mfpCapable, mfp: wpa.MFPOptional, wantMFP: true},
		{name: "no BIP, optional protection dropped", ciphers: noBIP, rsne: mfpCapable, mfp: wpa.MFPOptional},
		{name: "no BIP, ieee80211w=2", ciphers: noBIP, rsne: mfpCapable, mfp: wpa.MFPRequired, wantErr: ErrUnsupported,
			wantText: "wireless interface wlan0 (phy1) does not support BIP-CMAC-128, which management frame protection with 02:00:00:00:00:01 needs, and the network has ieee80211w=2: not supported"},
		{name: "no BIP, the access point requires it", ciphers: noBIP, rsne: mfpRequired, mfp: wpa.MFPOptional, wantErr: ErrAccessPoint,
			wantText: "wireless interface wlan0 (phy1) does not support BIP-CMAC-128, which management frame protection with 02:00:00:00:00:01 needs, and the access point requires it: " + ErrAccessPoint.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// No group=: the mixed access point's TKIP group is accepted.
			n := conf.Network{SSID: "home", KeyMgmt: conf.KeyMgmtWPAPSK, IEEE80211W: tt.mfp}
			sec, err := negotiate(bss(tt.rsne), n)
			if err != nil {
				t.Fatal(err)
			}
			got, err := fitRadio(&nl80211.Wiphy{Index: 1, Ciphers: tt.ciphers}, "wlan0", bss(tt.rsne), n, sec)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || err.Error() != tt.wantText {
					t.Fatalf("fitRadio error %v\nwant %s", err, tt.wantText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.rsn.MFP != tt.wantMFP || (got.mgmtCipher != 0) != tt.wantMFP {
				t.Errorf("MFP %v with group management cipher %v, want MFP %v", got.rsn.MFP, got.mgmtCipher, tt.wantMFP)
			}
		})
	}
}

func TestNLKey(t *testing.T) {
	ap := testutil.MAC(t, "02:00:00:00:00:01")
	tkip := make([]byte, 32)
	for i := range tkip {
		tkip[i] = byte(i)
	}
	swapped := append(append(append([]byte(nil), tkip[:16]...), tkip[24:]...), tkip[16:24]...)
	tests := []struct {
		name string
		in   wpa.InstalledKey
		want nl80211.Key
	}{
		{
			name: "pairwise",
			in:   wpa.InstalledKey{Type: wpa.KeyPairwise, Cipher: wpa.CipherCCMP, Key: tkip[:16]},
			want: nl80211.Key{Peer: ap, Cipher: 0x000fac04, Data: tkip[:16]},
		},
		{
			name: "CCMP group key",
			in:   wpa.InstalledKey{Type: wpa.KeyGroup, Index: 2, Cipher: wpa.CipherCCMP, Key: tkip[:16], RSC: [6]byte{1, 2}},
			want: nl80211.Key{Index: 2, Cipher: 0x000fac04, Data: tkip[:16], Seq: []byte{1, 2, 0, 0, 0, 0}},
		},
		{
			name: "TKIP group key: MIC keys swapped for the station",
			in:   wpa.InstalledKey{Type: wpa.KeyGroup, Index: 1, Cipher: wpa.CipherTKIP, Key: tkip},
			want: nl80211.Key{Index: 1, Cipher: 0x000fac02, Data: swapped, Seq: make([]byte, 6)},
		},
		{
			name: "integrity group key",
			in:   wpa.InstalledKey{Type: wpa.KeyIGTK, Index: 4, Cipher: wpa.CipherBIPCMAC128, Key: tkip[:16], RSC: [6]byte{9}},
			want: nl80211.Key{Index: 4, Cipher: 0x000fac06, Data: tkip[:16], Seq: []byte{9, 0, 0, 0, 0, 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, nlKey(tt.in, ap)); diff != "" {
				t.Errorf("nlKey (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHandshakeMode(t *testing.T) {
	offloading := &nl80211.Wiphy{ExtFeatures: []byte{0, 0x80}}
	plain := &nl80211.Wiphy{}
	tests := []struct {
		name        string
		mode        HandshakeMode
		wiphy       *nl80211.Wiphy
		wantOffload bool
		wantErr     bool
	}{
		{"auto on an offloading driver", HandshakeAuto, offloading, true, false},
		{"auto on mac80211", HandshakeAuto, plain, false, false},
		{"host on an offloading driver", HandshakeHost, offloading, false, false},
		{"offload on an offloading driver", HandshakeOffload, offloading, true, false},
		{"offload on mac80211", HandshakeOffload, plain, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := handshakeMode(tt.mode, tt.wiphy, "wlan0")
			if got != tt.wantOffload || (err != nil) != tt.wantErr {
				t.Errorf("handshakeMode = %v, %v; want %v, error %v", got, err, tt.wantOffload, tt.wantErr)
			}
		})
	}
}
