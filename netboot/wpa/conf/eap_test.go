package conf

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/airroot/airroot/netboot/eap/mschapv2"
	"github.com/airroot/airroot/netboot/wpa"
)

// eduroam is the configuration eduroam's institutions hand out, with
// wpa_supplicant's names.
const eduroam = `network={
	ssid="eduroam"
	key_mgmt=WPA-EAP
	eap=PEAP
	identity="pi@example.org"
	anonymous_identity="anonymous@example.org"
	password="clientPass"
	ca_cert="/etc/certs/ca.pem"
	domain_suffix_match="radius.example.org"
	phase1="peapver=0"
	phase2="auth=MSCHAPV2"
}
`

func TestParseEAP(t *testing.T) {
	rfcHash := mschapv2.Hash(mustHex(t, "44EBBA8D5312B8D611474411F56989AE")) // RFC 2759 9.2
	tests := []struct {
		name string
		conf string
		want *EAP
		akms []wpa.Suite
	}{
		{"eduroam PEAP", eduroam, &EAP{
			Methods: []string{"PEAP"}, Identity: "pi@example.org", AnonymousIdentity: "anonymous@example.org",
			Password: "clientPass", CACert: "/etc/certs/ca.pem", DomainSuffixMatch: "radius.example.org",
			Phase1: "peapver=0", Phase2: "auth=MSCHAPV2",
		}, []wpa.Suite{wpa.AKM8021X}},
		{"hash and SHA-256 AKM", "network={\nssid=\"c\"\nkey_mgmt=WPA-EAP WPA-EAP-SHA256\neap=ttls peap\nidentity=\"u\"\npassword=hash:44ebba8d5312b8d611474411f56989ae\ndomain_match=\"r.example.org\"\nphase2=\"auth=MSCHAPV2\"\n}",
			&EAP{Methods: []string{"TTLS", "PEAP"}, Identity: "u", Hash: &rfcHash, DomainMatch: "r.example.org", Phase2: "auth=MSCHAPV2"},
			[]wpa.Suite{wpa.AKM8021X, wpa.AKM8021XSHA256}},
		// wpa_supplicant's default key_mgmt is "WPA-PSK WPA-EAP": with
		// 802.1X settings and no psk=, it is WPA-EAP.
		{"eduroam without key_mgmt", strings.Replace(eduroam, "\tkey_mgmt=WPA-EAP\n", "", 1), &EAP{
			Methods: []string{"PEAP"}, Identity: "pi@example.org", AnonymousIdentity: "anonymous@example.org",
			Password: "clientPass", CACert: "/etc/certs/ca.pem", DomainSuffixMatch: "radius.example.org",
			Phase1: "peapver=0", Phase2: "auth=MSCHAPV2",
		}, []wpa.Suite{wpa.AKM8021X}},
		// For PEAP, whose inside is always EAP-MSCHAPv2, wpa_supplicant
		// takes phase2= without auth= too.
		{"PEAP with phase2=MSCHAPV2", "network={\nssid=\"c\"\nkey_mgmt=WPA-EAP\neap=PEAP\nidentity=\"u\"\npassword=\"p\"\nphase2=\"MSCHAPV2\"\ndomain_match=\"r.example.org\"\n}",
			&EAP{Methods: []string{"PEAP"}, Identity: "u", Password: "p", Phase2: "MSCHAPV2", DomainMatch: "r.example.org"},
			[]wpa.Suite{wpa.AKM8021X}},
		{"PEAP with phase2=autheap=MSCHAPV2", "network={\nssid=\"c\"\nkey_mgmt=WPA-EAP\neap=PEAP\nidentity=\"u\"\npassword=\"p\"\nphase2=\"autheap=MSCHAPV2\"\ndomain_match=\"r.example.org\"\n}",
			&EAP{Methods: []string{"PEAP"}, Identity: "u", Password: "p", Phase2: "autheap=MSCHAPV2", DomainMatch: "r.example.org"},
			[]wpa.Suite{wpa.AKM8021X}},
		{"EAP-TLS", "network={\nssid=\"c\"\nkey_mgmt=WPA-EAP\neap=TLS\nidentity=\"u\"\nclient_cert=\"c.pem\"\nprivate_key=\"k.pem\"\nprivate_key_passwd=\"kp\"\nca_cert=\"ca.pem\"\n}",
			&EAP{Methods: []string{"TLS"}, Identity: "u", ClientCert: "c.pem", PrivateKey: "k.pem", PrivateKeyPasswd: "kp", CACert: "ca.pem"},
			[]wpa.Suite{wpa.AKM8021X}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, warnings, err := Parse(strings.NewReader(tt.conf))
			if err != nil || len(warnings) != 0 {
				t.Fatalf("Parse: %v, warnings %v", err, warnings)
			}
			n := cfg.Networks[0]
			if diff := cmp.Diff(tt.want, n.EAP); diff != "" {
				t.Errorf("EAP (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.akms, n.Policy().AKMs); diff != "" {
				t.Errorf("AKMs (-want +got):\n%s", diff)
			}
			var out bytes.Buffer
			if err := WriteConfig(&out, cfg); err != nil {
				t.Fatal(err)
			}
			again, _, err := Parse(&out)
			if err != nil {
				t.Fatalf("Parse(WriteConfig): %v\n%s", err, out.String())
			}
			if diff := cmp.Diff(cfg, again, cmpopts.IgnoreFields(Network{}, "Line")); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseEAPErrors(t *testing.T) {
	block := func(lines string) string {
		return "network={\nssid=\"c\"\nkey_mgmt=WPA-EAP\n" + lines + "}\n"
	}
	tests := []struct {
		name, conf string
		want       error
		text       string
	}{
		{"no identity", block("eap=PEAP\npassword=\"p\"\n"), ErrSyntax, "needs identity="},
		{"no password", block("eap=PEAP\nidentity=\"u\"\n"), ErrSyntax, "eap=PEAP needs password="},
		{"TLS without key", block("eap=TLS\nidentity=\"u\"\nclient_cert=\"c\"\n"), ErrSyntax, "needs client_cert= and private_key="},
		{"unknown method", block("eap=FAST\nidentity=\"u\"\n"), ErrUnsupported, "method FAST is not supported"},
		{"short hash", block("eap=PEAP\nidentity=\"u\"\npassword=hash:1234\n"), ErrSyntax, "32 hex digits"},
		{"bare password", block("eap=PEAP\nidentity=\"u\"\npassword=secret\n"), ErrSyntax, "quoted password"},
		{"PAP with a hash", block("eap=TTLS\nidentity=\"u\"\nphase2=\"auth=PAP\"\npassword=hash:44ebba8d5312b8d611474411f56989ae\n"), ErrSyntax, "needs the clear password"},
		{"PEAP with PAP", block("eap=PEAP\nidentity=\"u\"\nphase2=\"auth=PAP\"\npassword=\"p\"\n"), ErrUnsupported, "not PAP"},
		{"GTC", block("eap=TTLS\nidentity=\"u\"\nphase2=\"autheap=GTC\"\npassword=\"p\"\n"), ErrUnsupported, "auth=MSCHAPV2 and auth=PAP"},
		{"EAP-MSCHAPv2 inside TTLS", block("eap=TTLS\nidentity=\"u\"\nphase2=\"autheap=MSCHAPV2\"\npassword=\"p\"\n"), ErrUnsupported, "inside TTLS"},
		{"GTC inside PEAP", block("eap=PEAP\nidentity=\"u\"\nphase2=\"auth=GTC\"\npassword=\"p\"\n"), ErrUnsupported, "inside PEAP airroot speaks MSCHAPV2"},
		{"control character", block("eap=PEAP\nidentity=P\"a\\nb\"\npassword=\"p\"\n"), ErrSyntax, "control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader(tt.conf))
			if !errors.Is(err, tt.want) || !strings.Contains(fmt.Sprint(err), tt.text) {
				t.Fatalf("Parse error %v, want %v containing %q", err, tt.want, tt.text)
			}
			if strings.Contains(fmt.Sprint(err), "secret") {
				t.Errorf("error quotes the password: %v", err)
			}
		})
	}
}

// TestTTLSWithoutPhase2Warns: wpa_supplicant runs EAP inside TTLS when
// phase2= is missing, airroot MSCHAPv2: the file must say which.
func TestTTLSWithoutPhase2Warns(t *testing.T) {
	cfg, warnings, err := Parse(strings.NewReader("network={\nssid=\"c\"\nkey_mgmt=WPA-EAP\neap=TTLS\nidentity=\"u\"\npassword=\"p\"\ndomain_match=\"r.example.org\"\n}\n"))
	if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0].Msg, "phase2: none given") {
		t.Fatalf("Parse: %v, warnings %v; want one about phase2", err, warnings)
	}
	if got := cfg.Networks[0].EAP.Phase2; got != "auth=MSCHAPV2" {
		t.Errorf("phase2 %q, want what airroot runs written out: auth=MSCHAPV2", got)
	}
}

func TestEAPIgnoredWithoutWPAEAP(t *testing.T) {
	cfg, warnings, err := Parse(strings.NewReader("network={\nssid=\"c\"\nkey_mgmt=NONE\nidentity=\"u\"\n}\n"))
	if err != nil || cfg.Networks[0].EAP != nil || len(warnings) != 1 || !strings.Contains(warnings[0].Msg, "802.1X settings ignored") {
		t.Fatalf("Parse: %v, EAP %v, warnings %v", err, cfg.Networks[0].EAP, warnings)
	}
}

func TestHashPassword(t *testing.T) {
	tests := []struct {
		name    string
		e       EAP
		hashed  bool
		wantPWD string
	}{
		{"PEAP", EAP{Methods: []string{"PEAP"}, Password: "clientPass"}, true, ""},
		{"TTLS MSCHAPv2", EAP{Methods: []string{"TTLS"}, Phase2: "auth=MSCHAPV2", Password: "clientPass"}, true, ""},
		{"TTLS PAP", EAP{Methods: []string{"TTLS"}, Phase2: "auth=PAP", Password: "clientPass"}, false, "clientPass"},
		{"TLS", EAP{Methods: []string{"TLS"}, Password: "clientPass"}, false, "clientPass"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.e
			if got := e.HashPassword(); got != tt.hashed || e.Password != tt.wantPWD {
				t.Fatalf("HashPassword = %v, password %q; want %v, %q", got, e.Password, tt.hashed, tt.wantPWD)
			}
			if tt.hashed && *e.Hash != mschapv2.Hash(mustHex(t, "44EBBA8D5312B8D611474411F56989AE")) {
				t.Errorf("hash %x, want RFC 2759's 44EBBA8D...", e.Hash[:])
			}
		})
	}
}

func TestEAPStringHidesSecrets(t *testing.T) {
	cfg, _, err := Parse(strings.NewReader(eduroam))
	if err != nil {
		t.Fatal(err)
	}
	n := cfg.Networks[0]
	for _, s := range []string{fmt.Sprint(n), fmt.Sprintf("%v %+v %#v", n.EAP, n.EAP, n.EAP), fmt.Sprintf("%#v", n)} {
		if strings.Contains(s, "clientPass") {
			t.Errorf("formatted network shows the password: %s", s)
		}
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
