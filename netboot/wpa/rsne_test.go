package wpa

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseRSNE(t *testing.T) {
	pmkid := [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	tests := []struct {
		name string
		ie   string
		want *RSNE
	}{
		{"hostapd WPA2-PSK", hostapdRSNE, &RSNE{Version: 1, GroupCipher: CipherCCMP,
			PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKMPSK}}},
		{"hashcat capture with MFPC", "30140100000fac040100000fac040100000fac028000", &RSNE{Version: 1, GroupCipher: CipherCCMP,
			PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKMPSK}, Capabilities: RSNCapMFPC}},
		{"mixed mode, transition to WPA3, MFP required, PMKID, BIP", `30 32 0100 000fac02 0200 000fac04 000fac02
			0200 000fac02 000fac08 c000 0100 0102030405060708090a0b0c0d0e0f10 000fac06`,
			&RSNE{Version: 1, GroupCipher: CipherTKIP, PairwiseCiphers: []Suite{CipherCCMP, CipherTKIP},
				AKMs: []Suite{AKMPSK, AKMSAE}, Capabilities: RSNCapMFPC | RSNCapMFPR,
				PMKIDs: [][16]byte{pmkid}, GroupMgmtCipher: CipherBIPCMAC128}},
		{"version only: defaults", "30020100", &RSNE{Version: 1, GroupCipher: CipherCCMP,
			PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKM8021X}}},
		{"trailing bytes ignored", "301c0100000fac040100000fac040100000fac0200000000000fac06ffff",
			&RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKMPSK},
				GroupMgmtCipher: CipherBIPCMAC128}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRSNE(unhex(t, tt.ie))
			if err != nil {
				t.Fatalf("ParseRSNE: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseRSNE (-want +got):\n%s", diff)
			}
			b, err := got.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			again, err := ParseRSNE(b)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, again); diff != "" {
				t.Errorf("ParseRSNE(MarshalBinary(x)) (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRSNEMarshalMatchesCapture(t *testing.T) {
	e := &RSNE{Version: 1, GroupCipher: CipherCCMP, PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKMPSK}}
	if diff := cmp.Diff(unhex(t, apRSNE), mustMarshal(t, e)); diff != "" {
		t.Errorf("MarshalBinary (-want +got):\n%s", diff)
	}
	e.PairwiseCiphers = make([]Suite, 70)
	if _, err := e.MarshalBinary(); !errors.Is(err, ErrMalformed) {
		t.Errorf("MarshalBinary of a 300-byte element = %v, want ErrMalformed", err)
	}
}

func TestParseRSNEErrors(t *testing.T) {
	tests := []struct {
		name, ie string
		want     error
		msg      string
	}{
		{"not RSN", "dd020100", ErrMalformed, "parse RSN element: not an RSN element (ID 48): malformed"},
		{"length mismatch", "30030100", ErrMalformed, "parse RSN element: length field 3 but 2 bytes follow: malformed"},
		{"empty", "3000", ErrMalformed, "parse RSN element: version truncated (0 of 2 bytes): malformed"},
		{"version 2", "30020200", ErrUnsupported, "parse RSN element: version 2 (want 1): not supported"},
		{"group cipher cut", "3004010000ff", ErrMalformed, "parse RSN element: group cipher truncated (2 of 4 bytes): malformed"},
		{"pairwise count too big", "300c0100000fac040200000fac04", ErrMalformed,
			"parse RSN element: pairwise cipher list truncated (4 of 8 bytes): malformed"},
		{"AKM count cut", "300d0100000fac040100000fac0401", ErrMalformed,
			"parse RSN element: AKM count truncated (1 of 2 bytes): malformed"},
		{"PMKID list cut", "30160100000fac040100000fac040100000fac0200000100", ErrMalformed,
			"parse RSN element: PMKID list truncated (0 of 16 bytes): malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRSNE(unhex(t, tt.ie))
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseRSNE error = %v, want %v", err, tt.want)
			}
			if err.Error() != tt.msg {
				t.Errorf("error text = %q, want %q", err, tt.msg)
			}
		})
	}
}

func TestFindRSNE(t *testing.T) {
	ssid := "0007" + "6169727230 6f74"
	tests := []struct {
		name, ies, want string
	}{
		{"after SSID and rates", ssid + "010482848b96" + hostapdRSNE + "dd0400501102", hostapdRSNE},
		{"absent", ssid + "010482848b96", ""},
		{"truncated list", ssid + "01ff", ""},
		{"truncated RSN element", ssid + "3014010000", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FindRSNE(unhex(t, tt.ies))
			var want []byte
			if tt.want != "" {
				want = unhex(t, tt.want)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("FindRSNE (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSuiteNames(t *testing.T) {
	got := []string{CipherName(CipherCCMP), CipherName(CipherTKIP), CipherName(0x0050f204), AKMName(AKMPSK), AKMName(AKMSAE), AKMName(0x000fac63)}
	want := []string{"CCMP", "TKIP", "00-50-f2:4", "WPA-PSK", "SAE", "00-0f-ac:99"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}
