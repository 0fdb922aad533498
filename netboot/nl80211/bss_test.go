package nl80211

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
)

// rsnePSK is a WPA2-PSK RSN element as hostapd sends it.
var rsnePSK = []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0x0c, 0}

func ies(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestParseBSS(t *testing.T) {
	ap := testMAC(t, "02:00:00:00:00:01")
	rates := []byte{1, 4, 0x82, 0x84, 0x8b, 0x96}
	wpa1 := []byte{221, 6, 0x00, 0x50, 0xf2, 0x01, 1, 0}
	tests := []struct {
		name string
		in   *BSS
		want *BSS
	}{
		{
			name: "WPA2 access point",
			in:   &BSS{BSSID: ap, Frequency: 2412, Signal: -4500, Capability: 0x0411, BeaconInterval: 100, IEs: ies([]byte{0, 4, 'h', 'o', 'm', 'e'}, rates, rsnePSK)},
			want: &BSS{BSSID: ap, Frequency: 2412, Signal: -4500, SSID: "home", Capability: 0x0411, BeaconInterval: 100,
				RSNE: rsnePSK, IEs: ies([]byte{0, 4, 'h', 'o', 'm', 'e'}, rates, rsnePSK)},
		},
		{
			name: "hidden network's beacon",
			in:   &BSS{BSSID: ap, Frequency: 5180, Signal: -7000, IEs: ies([]byte{0, 4, 0, 0, 0, 0}, rsnePSK)},
			want: &BSS{BSSID: ap, Frequency: 5180, Signal: -7000, RSNE: rsnePSK, IEs: ies([]byte{0, 4, 0, 0, 0, 0}, rsnePSK)},
		},
		{
			name: "associated open network with a WPA1 element",
			in:   &BSS{BSSID: ap, Frequency: 2437, Associated: true, SeenMsAgo: 120, IEs: ies([]byte{0, 3, 'c', 'a', 'f'}, wpa1)},
			want: &BSS{BSSID: ap, Frequency: 2437, Associated: true, SeenMsAgo: 120, SSID: "caf", IEs: ies([]byte{0, 3, 'c', 'a', 'f'}, wpa1)},
		},
		{
			name: "elements cut short before the RSN element",
			in:   &BSS{BSSID: ap, IEs: ies([]byte{0, 1, 'x'}, rsnePSK[:10])},
			want: &BSS{BSSID: ap, SSID: "x", IEs: ies([]byte{0, 1, 'x'}, rsnePSK[:10])},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBSS(encodeBSS(t, tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseBSS (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseBSSFallsBackToBeaconElements(t *testing.T) {
	ap := testMAC(t, "02:00:00:00:00:01")
	b, err := netlink.MarshalAttributes([]netlink.Attribute{
		{Type: bssBSSID, Data: ap},
		{Type: bssBeaconIEs, Data: ies([]byte{0, 2, 'h', 'i'}, rsnePSK)},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseBSS(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.SSID != "hi" || !cmp.Equal(got.RSNE, rsnePSK) {
		t.Errorf("ParseBSS of beacon elements: SSID %q RSNE %x, want hi and %x", got.SSID, got.RSNE, rsnePSK)
	}
}

func TestParseBSSErrors(t *testing.T) {
	tests := []struct {
		name  string
		attrs []netlink.Attribute
	}{
		{"no BSSID", []netlink.Attribute{{Type: bssFrequency, Data: []byte{0x6c, 9, 0, 0}}}},
		{"short BSSID", []netlink.Attribute{{Type: bssBSSID, Data: []byte{2, 0, 0}}}},
		{"signal of two bytes", []netlink.Attribute{{Type: bssBSSID, Data: make([]byte, 6)}, {Type: bssSignalMBM, Data: []byte{1, 2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := netlink.MarshalAttributes(tt.attrs)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := ParseBSS(b); !errors.Is(err, ErrMalformed) {
				t.Errorf("ParseBSS = %v, %v; want an error wrapping ErrMalformed", got, err)
			}
		})
	}
}

func TestParseScanResultWithoutBSS(t *testing.T) {
	b, err := netlink.MarshalAttributes([]netlink.Attribute{{Type: attrIfindex, Data: []byte{3, 0, 0, 0}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseScanResult(b)
	if got != nil || err != nil {
		t.Errorf("ParseScanResult without a BSS = %v, %v; want nil, nil", got, err)
	}
}

func TestElements(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		want    []Element
		wantErr bool
	}{
		{name: "empty"},
		{name: "two", in: []byte{0, 2, 'h', 'i', 48, 0}, want: []Element{{ID: 0, Data: []byte("hi")}, {ID: 48, Data: []byte{}}}},
		{name: "truncated length", in: []byte{0, 1, 'x', 48}, want: []Element{{ID: 0, Data: []byte("x")}}, wantErr: true},
		{name: "truncated data", in: []byte{0, 3, 'x'}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Elements(tt.in)
			if (err != nil) != tt.wantErr || (err != nil && !errors.Is(err, ErrMalformed)) {
				t.Errorf("Elements error %v, want error %v wrapping ErrMalformed", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Elements (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHasWPA1(t *testing.T) {
	tests := []struct {
		name string
		ies  []byte
		want bool
	}{
		{"WPA1 element", []byte{0, 0, 221, 6, 0x00, 0x50, 0xf2, 0x01, 1, 0}, true},
		{"WMM element", []byte{221, 7, 0x00, 0x50, 0xf2, 0x02, 0, 1, 0}, false},
		{"RSN only", rsnePSK, false},
		{"truncated", []byte{221, 6, 0x00, 0x50, 0xf2, 0x01}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HasWPA1(tt.ies); got != tt.want {
				t.Errorf("HasWPA1 = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBSSPrivacyAndString(t *testing.T) {
	b := BSS{BSSID: testMAC(t, "02:00:00:00:00:01"), Frequency: 2412, Signal: -4500, SSID: "home", Capability: 0x11}
	if !b.Privacy() {
		t.Error("Privacy() = false for capability 0x11")
	}
	if got, want := b.String(), `"home" 02:00:00:00:00:01 2412 MHz -45 dBm`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
