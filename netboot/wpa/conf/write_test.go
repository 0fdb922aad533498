package conf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/airroot/airroot/netboot/wpa"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestMarshal(t *testing.T) {
	tests := []struct {
		name string
		n    Network
		want string
	}{
		{"minimal WPA-PSK", Network{SSID: "IEEE", KeyMgmt: KeyMgmtWPAPSK, PSK: psk(t, ieeePSK)},
			"network={\n\tssid=\"IEEE\"\n\tkey_mgmt=WPA-PSK\n\tpsk=" + ieeePSK + "\n}\n"},
		{"everything, non-ASCII SSID in hex", Network{SSID: "café", KeyMgmt: KeyMgmtWPAPSK, PSK: psk(t, ieeePSK),
			ScanSSID: true, Priority: 5, BSSID: []byte{2, 0, 0, 0, 0, 1}, FreqList: []int{2412, 5180}, ScanFreq: []int{2412},
			Disabled: true, IEEE80211W: wpa.MFPOptional},
			"network={\n\tssid=636166c3a9\n\tkey_mgmt=WPA-PSK\n\tpsk=" + ieeePSK + "\n\tscan_ssid=1\n\tpriority=5\n" +
				"\tbssid=02:00:00:00:00:01\n\tfreq_list=2412 5180\n\tscan_freq=2412\n\tdisabled=1\n\tieee80211w=1\n}\n"},
		{"PMF network: both PSK AKMs, no TKIP group", Network{SSID: "IEEE", KeyMgmt: KeyMgmtWPAPSK | KeyMgmtWPAPSKSHA256,
			PSK: psk(t, ieeePSK), IEEE80211W: wpa.MFPRequired, GroupCCMPOnly: true},
			"network={\n\tssid=\"IEEE\"\n\tkey_mgmt=WPA-PSK WPA-PSK-SHA256\n\tpsk=" + ieeePSK + "\n\tgroup=CCMP\n\tieee80211w=2\n}\n"},
		{"WPA-PSK-SHA256 only", Network{SSID: "IEEE", KeyMgmt: KeyMgmtWPAPSKSHA256, PSK: psk(t, ieeePSK)},
			"network={\n\tssid=\"IEEE\"\n\tkey_mgmt=WPA-PSK-SHA256\n\tpsk=" + ieeePSK + "\n}\n"},
		{"open network", Network{SSID: `quote " and # hash`, KeyMgmt: KeyMgmtNone},
			"network={\n\tssid=\"quote \" and # hash\"\n\tkey_mgmt=NONE\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.n.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("Marshal (-want +got):\n%s", diff)
			}
			cfg, warnings, err := Parse(bytes.NewReader(got))
			if err != nil || len(warnings) != 0 || len(cfg.Networks) != 1 {
				t.Fatalf("Parse(Marshal) = %v, warnings %v, error %v", cfg, warnings, err)
			}
			if diff := cmp.Diff(tt.n, cfg.Networks[0], cmpopts.IgnoreFields(Network{}, "Line")); diff != "" {
				t.Errorf("Parse(Marshal(n)) (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMarshalErrors(t *testing.T) {
	ok := Network{SSID: "x", KeyMgmt: KeyMgmtNone}
	tests := []struct {
		name string
		edit func(n *Network)
		want error
	}{
		{"empty SSID", func(n *Network) { n.SSID = "" }, ErrSyntax},
		{"no key management", func(n *Network) { n.KeyMgmt = 0 }, ErrUnsupported},
		{"short BSSID", func(n *Network) { n.BSSID = []byte{1, 2} }, ErrSyntax},
		{"bad MFP", func(n *Network) { n.IEEE80211W = 3 }, ErrSyntax},
		{"negative frequency", func(n *Network) { n.FreqList = []int{-1} }, ErrSyntax},
		{"scan frequency out of range", func(n *Network) { n.ScanFreq = []int{2412, 200000} }, ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := ok
			tt.edit(&n)
			if _, err := n.Marshal(); !errors.Is(err, tt.want) {
				t.Errorf("Marshal = %v, want %v", err, tt.want)
			}
			if err := WriteConfig(&bytes.Buffer{}, &Config{Networks: []Network{n}}); !errors.Is(err, tt.want) {
				t.Errorf("WriteConfig = %v, want %v", err, tt.want)
			}
		})
	}
	if err := WriteConfig(&bytes.Buffer{}, &Config{Country: "Germany"}); !errors.Is(err, ErrSyntax) {
		t.Errorf("WriteConfig with a bad country = %v, want ErrSyntax", err)
	}
}

// The builder stores what WriteConfig writes: pass-phrases must be gone.
func TestWriteConfigStoresNoPassphrase(t *testing.T) {
	in := "country=se\nnetwork={\n\tssid=\"home\"\n\tpsk=\"correct horse battery\"\n\tpriority=2\n}\n" +
		"network={\n\tssid=\"cafe\"\n\tkey_mgmt=NONE\n}\n"
	cfg, _, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteConfig(&out, cfg); err != nil {
		t.Fatal(err)
	}
	home := mustPSK(t, "correct horse battery", "home")
	want := fmt.Sprintf("# Written by airroot. WPA-PSK pass-phrases are stored only as their PSK;\n"+
		"# SAE passwords as given (SAE cannot use a hash of them): keep this file private.\ncountry=SE\n\n"+
		"network={\n\tssid=\"home\"\n\tkey_mgmt=WPA-PSK\n\tpsk=%x\n\tpriority=2\n}\n\n"+
		"network={\n\tssid=\"cafe\"\n\tkey_mgmt=NONE\n}\n", home)
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("WriteConfig (-want +got):\n%s", diff)
	}
	if strings.Contains(out.String(), "horse") {
		t.Error("the pass-phrase was written")
	}
	again, warnings, err := Parse(&out)
	if err != nil || len(warnings) != 0 {
		t.Fatalf("Parse(WriteConfig) warnings %v error %v", warnings, err)
	}
	if diff := cmp.Diff(cfg, again, cmpopts.IgnoreFields(Network{}, "Line")); diff != "" {
		t.Errorf("Parse(WriteConfig(c)) (-want +got):\n%s", diff)
	}
}

func TestNetworkStringHidesPSK(t *testing.T) {
	n := Network{Line: 3, SSID: "home", KeyMgmt: KeyMgmtWPAPSK, PSK: psk(t, ieeePSK), Priority: 1}
	got := fmt.Sprintf("%v|%+v|%#v|%s", n, n, n, []Network{n})
	want := `network "home" WPA-PSK priority 1|network "home" WPA-PSK priority 1|network "home" WPA-PSK priority 1|[network "home" WPA-PSK priority 1]`
	if got != want {
		t.Errorf("formatted network:\n got %s\nwant %s", got, want)
	}
	if strings.Contains(got, ieeePSK[:16]) || strings.Contains(got, "244") {
		t.Error("PSK leaked")
	}
	for _, k := range []KeyMgmt{0, KeyMgmtNone | KeyMgmtWPAPSK, KeyMgmtNone | KeyMgmtWPAEAP, KeyMgmtNone | KeyMgmtSAE, 1 << 20} {
		if want := fmt.Sprintf("KeyMgmt(%d)", int(k)); k.String() != want {
			t.Errorf("KeyMgmt(%d) = %q, want %q", int(k), k, want)
		}
	}
}
