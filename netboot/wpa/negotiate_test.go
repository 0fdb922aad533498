package wpa

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNegotiateRSNE(t *testing.T) {
	psk, sha := []Suite{AKMPSK}, []Suite{AKMPSKSHA256}
	both := []Suite{AKMPSK, AKMPSKSHA256}
	ccmp := []Suite{CipherCCMP}
	mfpc := RSNCapMFPC
	tests := []struct {
		name   string
		ap     *RSNE
		policy Policy
		want   *RSNE
		err    string
	}{
		{"WPA2-PSK", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk}, Policy{MFP: MFPOptional},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk}, ""},
		{"mixed TKIP/CCMP, WPA3 transition, no group=", &RSNE{Version: 1, GroupCipher: CipherTKIP,
			PairwiseCiphers: []Suite{CipherTKIP, CipherCCMP}, AKMs: []Suite{AKMSAE, AKMPSK}}, Policy{},
			&RSNE{Version: 1, GroupCipher: CipherTKIP, PairwiseCiphers: ccmp, AKMs: psk}, ""},
		{"TKIP group with group=CCMP", &RSNE{Version: 1, GroupCipher: CipherTKIP,
			PairwiseCiphers: []Suite{CipherTKIP, CipherCCMP}, AKMs: psk}, Policy{RefuseTKIPGroup: true}, nil,
			"access point uses TKIP as its group cipher (WPA/WPA2 mixed mode), which the network block's group= leaves out; " +
				"add TKIP to group= to join it, or better, set the router to WPA2 with AES/CCMP only: not supported"},
		{"MFP optional on both sides", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk,
			Capabilities: mfpc, GroupMgmtCipher: CipherBIPCMAC128}, Policy{MFP: MFPOptional},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk, Capabilities: mfpc}, ""},
		{"MFP required by us, BIP-GMAC-256", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk,
			Capabilities: mfpc, GroupMgmtCipher: CipherBIPGMAC256}, Policy{MFP: MFPRequired},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk,
				Capabilities: mfpc | RSNCapMFPR, GroupMgmtCipher: CipherBIPGMAC256}, ""},
		{"MFP disabled by us, AP capable", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk,
			Capabilities: mfpc}, Policy{},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk}, ""},
		{"both AKMs with MFP: PSK-SHA256", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: both,
			Capabilities: mfpc}, Policy{MFP: MFPOptional, AKMs: both},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: sha, Capabilities: mfpc}, ""},
		{"both AKMs without MFP: PSK", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: both},
			Policy{MFP: MFPOptional, AKMs: both},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk}, ""},
		{"PSK-SHA256 only, PMF required", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: sha,
			Capabilities: mfpc | RSNCapMFPR}, Policy{MFP: MFPOptional, AKMs: sha},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: sha, Capabilities: mfpc}, ""},
		{"PSK-SHA256 only, key_mgmt=WPA-PSK", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: sha,
			Capabilities: mfpc}, Policy{MFP: MFPOptional}, nil,
			"access point offers key management WPA-PSK-SHA256, the network allows WPA-PSK; add WPA-PSK-SHA256 to key_mgmt=: not supported"},
		{"WPA2-Enterprise", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: []Suite{AKM8021X}},
			Policy{AKMs: []Suite{AKM8021X, AKM8021XSHA256}},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: []Suite{AKM8021X}}, ""},
		{"WPA-EAP-SHA256 with MFP", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp,
			AKMs: []Suite{AKM8021X, AKM8021XSHA256}, Capabilities: mfpc}, Policy{MFP: MFPOptional, AKMs: []Suite{AKM8021X, AKM8021XSHA256}},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: []Suite{AKM8021XSHA256}, Capabilities: mfpc}, ""},
		{"802.1X access point, PSK network", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: []Suite{AKM8021X}},
			Policy{}, nil, "access point offers key management WPA-EAP, the network allows WPA-PSK: not supported"},
		{"TKIP only", &RSNE{Version: 1, GroupCipher: CipherTKIP, PairwiseCiphers: []Suite{CipherTKIP}, AKMs: psk}, Policy{}, nil,
			"access point offers pairwise ciphers TKIP, airroot needs CCMP: not supported"},
		{"WPA3 only, key_mgmt=WPA-PSK", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: []Suite{AKMSAE}}, Policy{}, nil,
			"access point offers key management SAE, the network allows WPA-PSK; for WPA3 add SAE to key_mgmt=: not supported"},
		{"WPA3 only, key_mgmt=SAE", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: []Suite{AKMSAE},
			Capabilities: mfpc | RSNCapMFPR}, Policy{MFP: MFPRequired, AKMs: []Suite{AKMSAE}},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: []Suite{AKMSAE}, Capabilities: mfpc | RSNCapMFPR}, ""},
		{"transition with MFP: SAE preferred", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp,
			AKMs: []Suite{AKMPSK, AKMSAE}, Capabilities: mfpc}, Policy{MFP: MFPOptional, AKMs: []Suite{AKMPSK, AKMSAE}},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: []Suite{AKMSAE}, Capabilities: mfpc}, ""},
		{"transition without MFP: PSK", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp,
			AKMs: []Suite{AKMSAE, AKMPSK}}, Policy{MFP: MFPOptional, AKMs: []Suite{AKMPSK, AKMSAE}},
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk}, ""},
		{"GCMP group", &RSNE{Version: 1, GroupCipher: CipherGCMP256, PairwiseCiphers: ccmp, AKMs: psk}, Policy{}, nil,
			"access point uses group cipher GCMP-256, airroot needs CCMP or TKIP: not supported"},
		{"AP requires MFP", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk,
			Capabilities: mfpc | RSNCapMFPR}, Policy{}, nil,
			"access point requires management frame protection but ieee80211w=0: not supported"},
		{"AP requires MFP with an unknown BIP", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk,
			Capabilities: mfpc | RSNCapMFPR, GroupMgmtCipher: CipherGCMP256}, Policy{MFP: MFPOptional}, nil,
			"access point requires management frame protection with group management cipher GCMP-256, which airroot does not know: not supported"},
		{"we require MFP", &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: ccmp, AKMs: psk}, Policy{MFP: MFPRequired}, nil,
			"ieee80211w=2 but the access point does not offer management frame protection with a known BIP cipher: not supported"},
		{"empty lists", &RSNE{Version: 1, GroupCipher: CipherCCMP}, Policy{}, nil,
			"access point offers pairwise ciphers none, airroot needs CCMP: not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NegotiateRSNE(tt.ap, tt.policy)
			if tt.err != "" {
				if !errors.Is(err, ErrUnsupported) || err == nil || err.Error() != tt.err {
					t.Fatalf("NegotiateRSNE error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NegotiateRSNE (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMgmtGroupCipher(t *testing.T) {
	tests := []struct {
		name string
		e    RSNE
		want Suite
	}{
		{"no MFP", RSNE{GroupMgmtCipher: CipherBIPGMAC256}, 0},
		{"MFP, field absent: BIP-CMAC-128", RSNE{Capabilities: RSNCapMFPC}, CipherBIPCMAC128},
		{"MFP, BIP-GMAC-256", RSNE{Capabilities: RSNCapMFPC, GroupMgmtCipher: CipherBIPGMAC256}, CipherBIPGMAC256},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.MgmtGroupCipher(); got != tt.want {
				t.Errorf("MgmtGroupCipher = %s, want %s", CipherName(got), CipherName(tt.want))
			}
		})
	}
}
