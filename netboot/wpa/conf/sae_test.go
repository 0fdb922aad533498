package conf

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/airroot/airroot/netboot/wpa"
)

func TestParseSAE(t *testing.T) {
	tests := []struct {
		name string
		conf string
		want Network
	}{
		{"SAE alone: PMF required by default", `network={
	ssid="wpa3"
	key_mgmt=SAE
	sae_password="correct horse"
}`, Network{SSID: "wpa3", KeyMgmt: KeyMgmtSAE, SAEPassword: "correct horse", IEEE80211W: wpa.MFPRequired}},
		{"psk= is the SAE password", `network={
	ssid="wpa3"
	key_mgmt=SAE
	psk="correct horse"
}`, Network{SSID: "wpa3", KeyMgmt: KeyMgmtSAE, SAEPassword: "correct horse", IEEE80211W: wpa.MFPRequired}},
		{"transition: both keys, PMF optional", `network={
	ssid="mixed"
	key_mgmt=WPA-PSK SAE
	psk="correct horse"
}`, Network{SSID: "mixed", KeyMgmt: KeyMgmtWPAPSK | KeyMgmtSAE, SAEPassword: "correct horse",
			PSK: mustPSK(t, "correct horse", "mixed"), IEEE80211W: wpa.MFPOptional}},
		{"sae_password wins over psk=", `network={
	ssid="mixed"
	key_mgmt=SAE WPA-PSK
	psk="correct horse"
	sae_password=P"sae\x21"
	ieee80211w=2
}`, Network{SSID: "mixed", KeyMgmt: KeyMgmtWPAPSK | KeyMgmtSAE, SAEPassword: "sae!",
			PSK: mustPSK(t, "correct horse", "mixed"), IEEE80211W: wpa.MFPRequired}},
		{"global sae_pwe, identifier", `sae_pwe=2
network={
	ssid="wpa3"
	key_mgmt=SAE
	sae_password="x"
	sae_password_id="guest"
	ieee80211w=1
}`, Network{SSID: "wpa3", KeyMgmt: KeyMgmtSAE, SAEPassword: "x", SAEPasswordID: "guest", SAEPWE: SAEPWEBoth,
			IEEE80211W: wpa.MFPOptional}},
		{"network sae_pwe over the global one", `sae_pwe=2
network={
	ssid="wpa3"
	key_mgmt=SAE
	sae_password="x"
	sae_pwe=1
}`, Network{SSID: "wpa3", KeyMgmt: KeyMgmtSAE, SAEPassword: "x", SAEPWE: SAEPWEHashToElement, IEEE80211W: wpa.MFPRequired}},
		{"global sae_groups, in its order", `sae_groups=21  19
network={
	ssid="wpa3"
	key_mgmt=SAE
	sae_password="x"
}`, Network{SSID: "wpa3", KeyMgmt: KeyMgmtSAE, SAEPassword: "x", SAEGroups: []int{21, 19}, IEEE80211W: wpa.MFPRequired}},
		{"sae_groups is global wherever it stands, the last one winning", `sae_groups=21
network={
	ssid="wpa3"
	key_mgmt=SAE
	sae_password="x"
}
sae_groups=20`, Network{SSID: "wpa3", KeyMgmt: KeyMgmtSAE, SAEPassword: "x", SAEGroups: []int{20}, IEEE80211W: wpa.MFPRequired}},
		{"empty sae_groups is the default", `sae_groups=
network={
	ssid="wpa3"
	key_mgmt=SAE
	sae_password="x"
}`, Network{SSID: "wpa3", KeyMgmt: KeyMgmtSAE, SAEPassword: "x", IEEE80211W: wpa.MFPRequired}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, warnings, err := Parse(strings.NewReader(tt.conf))
			if err != nil || len(warnings) != 0 {
				t.Fatalf("Parse: warnings %v, error %v", warnings, err)
			}
			if diff := cmp.Diff(tt.want, cfg.Networks[0], cmpopts.IgnoreFields(Network{}, "Line")); diff != "" {
				t.Errorf("network (-want +got):\n%s", diff)
			}
			if p := cfg.Networks[0].Policy(); !slices.Contains(p.AKMs, wpa.AKMSAE) || p.MFP != tt.want.IEEE80211W {
				t.Errorf("Policy() = %+v, want SAE among the AKMs and MFP %v", p, tt.want.IEEE80211W)
			}
			var out bytes.Buffer
			if err := WriteConfig(&out, cfg); err != nil {
				t.Fatal(err)
			}
			again, _, err := Parse(&out)
			if err != nil {
				t.Fatalf("Parse(WriteConfig): %v", err)
			}
			if diff := cmp.Diff(cfg.Networks, again.Networks, cmpopts.IgnoreFields(Network{}, "Line")); diff != "" {
				t.Errorf("Parse(WriteConfig(c)) (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSAEGroupsErrors(t *testing.T) {
	tests := []struct {
		value string
		want  error
	}{
		{"19 15", ErrUnsupported}, // an FFC group wpa_supplicant knows, airroot does not
		{"19 x", ErrSyntax},
		{"20 20", ErrSyntax},
		{"-19", ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader("sae_groups=" + tt.value + "\n"))
			var pe *ParseError
			if !errors.Is(err, tt.want) || !errors.As(err, &pe) || pe.Key != "sae_groups" || pe.Line != 1 {
				t.Errorf("Parse(sae_groups=%s) = %v, want a *ParseError at line 1, sae_groups, matching %v", tt.value, err, tt.want)
			}
		})
	}
}

func TestSAEHashToElement(t *testing.T) {
	tests := []struct {
		name    string
		n       Network
		apH2E   bool
		want    bool
		wantErr error
	}{
		{"default, AP with H2E", Network{}, true, false, nil},
		{"sae_pwe=1 with H2E", Network{SAEPWE: SAEPWEHashToElement}, true, true, nil},
		{"sae_pwe=1 without", Network{SAEPWE: SAEPWEHashToElement}, false, false, ErrUnsupported},
		{"sae_pwe=2 with H2E", Network{SAEPWE: SAEPWEBoth}, true, true, nil},
		{"sae_pwe=2 without", Network{SAEPWE: SAEPWEBoth}, false, false, nil},
		{"identifier forces H2E", Network{SAEPasswordID: "guest"}, true, true, nil},
		{"identifier, AP without", Network{SAEPasswordID: "guest"}, false, false, ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.n.SAEHashToElement(tt.apH2E)
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("SAEHashToElement(%v) = %v, %v; want %v, %v", tt.apH2E, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// The SAE password is kept, but no error, warning or description shows it.
func TestSAEPasswordNeverShown(t *testing.T) {
	const secret = "hunter2-sae-secret"
	for _, text := range []string{
		"network={\nssid=\"x\"\nkey_mgmt=SAE\nsae_password=\"" + secret + "\"\nieee80211w=0\n}",
		"network={\nssid=\"x\"\nkey_mgmt=WPA-PSK\nsae_password=\"" + secret + "\"\npsk=\"" + secret + "\"\n}",
	} {
		cfg, warnings, err := Parse(strings.NewReader(text))
		shown := []string{}
		if err != nil {
			shown = append(shown, err.Error())
		}
		for _, w := range warnings {
			shown = append(shown, w.String())
		}
		if cfg != nil {
			n := cfg.Networks[0]
			shown = append(shown, n.String(), n.GoString())
		}
		for _, s := range shown {
			if strings.Contains(s, secret) {
				t.Errorf("password shown in %q", s)
			}
		}
	}
}
