package conf

import (
	"errors"
	"strings"
	"testing"

	"github.com/airroot/airroot/netboot/wpa"
	"github.com/google/go-cmp/cmp"
)

// TestParseLinkAndPMF: proto=, pairwise=, auth_alg=, mode= and the global
// pmf=, each as guides write them.
func TestParseLinkAndPMF(t *testing.T) {
	tests := []struct {
		name     string
		before   string // global lines before the block
		lines    string // lines inside it, after ssid= and psk=, from line 5
		after    string // global lines after the block
		mfp      wpa.MFP
		warnings []string
	}{
		{name: "proto=RSN pairwise=CCMP auth_alg=OPEN mode=0", lines: "proto=RSN\npairwise=CCMP\nauth_alg=OPEN\nmode=0"},
		{name: "proto=WPA2, NixOS's spelling", lines: "proto=WPA2"},
		{name: "auth_alg=OPEN SHARED", lines: "auth_alg=OPEN SHARED",
			warnings: []string{"wpa_supplicant.conf:5: auth_alg: SHARED not supported, using OPEN"}},
		{name: "pairwise=CCMP TKIP GCMP", lines: "pairwise=CCMP TKIP GCMP",
			warnings: []string{"wpa_supplicant.conf:5: pairwise: TKIP GCMP not supported, using CCMP"}},
		{name: "a global setting inside the block", lines: "country=GB",
			warnings: []string{"wpa_supplicant.conf:5: country: ignored inside network={}: it is a global setting, put it before the first network={"}},
		{name: "global pmf=2 is the networks' default", before: "pmf=2", mfp: wpa.MFPRequired},
		{name: "global pmf= after the block counts too", after: "pmf=1", mfp: wpa.MFPOptional},
		{name: "ieee80211w= overrides pmf=", before: "pmf=2", lines: "ieee80211w=0", mfp: wpa.MFPDisabled},
		{name: "pmf=1 does not weaken SAE's required default", before: "pmf=1", lines: "key_mgmt=SAE", mfp: wpa.MFPRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Line 1 is tt.before, so that tt.lines start at line 5.
			text := tt.before + "\nnetwork={\nssid=\"IEEE\"\npsk=\"password\"\n" + tt.lines + "\n}\n" + tt.after + "\n"
			cfg, warnings, err := Parse(strings.NewReader(text))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := cfg.Networks[0].IEEE80211W; got != tt.mfp {
				t.Errorf("ieee80211w = %d, want %d", got, tt.mfp)
			}
			checkWarnings(t, warnings, tt.warnings)
		})
	}
}

func TestParseLinkErrors(t *testing.T) {
	tests := []struct {
		name, conf string
		want       error
		msg        string
	}{
		{"proto=WPA", "network={\nproto=WPA\n}", ErrUnsupported,
			"wpa_supplicant.conf:2: proto: WPA is not supported by airroot (it speaks RSN (WPA2/WPA3), not WPA1: remove proto= or write proto=RSN)"},
		{"pairwise=TKIP", "network={\npairwise=TKIP\n}", ErrUnsupported,
			"wpa_supplicant.conf:2: pairwise: TKIP is not supported by airroot (its pairwise cipher is CCMP: remove pairwise= or write pairwise=CCMP)"},
		{"auth_alg=SHARED", "network={\nauth_alg=SHARED\n}", ErrUnsupported,
			"wpa_supplicant.conf:2: auth_alg: SHARED is not supported by airroot (it authenticates with OPEN (SHARED and LEAP are WEP's): remove auth_alg=)"},
		{"mode=2, an access point", "network={\nmode=2\n}", ErrUnsupported,
			"wpa_supplicant.conf:2: mode: 2 is not supported by airroot (it joins access points (mode=0), not ad-hoc, access point or mesh networks)"},
		{"empty proto", "network={\nproto=\n}", ErrSyntax, "wpa_supplicant.conf:2: proto: want RSN or WPA2: syntax error"},
		{"phase1 without TLS 1.2", "network={\nphase1=\"tls_disable_tlsv1_1=1 tls_disable_tlsv1_2=1\"\n}", ErrUnsupported,
			"wpa_supplicant.conf:2: phase1: tls_disable_tlsv1_2=1 is not supported by airroot (it speaks TLS 1.2 only)"},
		{"subject_match alone", "network={\nssid=\"c\"\nkey_mgmt=WPA-EAP\neap=PEAP\nidentity=\"u\"\npassword=\"p\"\n" +
			"subject_match=\"/C=FI/O=w1.fi/CN=server.w1.fi\"\n}", ErrUnsupported,
			"wpa_supplicant.conf:7: subject_match: this check of the server's certificate is not supported by airroot: " +
				"name the server with domain_match=, domain_suffix_match= or altsubject_match=DNS:<name> instead"},
		{"ocsp=2", "network={\nocsp=2\n}", ErrUnsupported,
			"wpa_supplicant.conf:2: ocsp: 2 requires OCSP, which is not supported by airroot: remove ocsp= or write ocsp=0"},
		{"missing '=' before a value with ':'", "network={\nssid \"a: b\"\n}", ErrSyntax, "wpa_supplicant.conf:2: line is not name=value: syntax error"},
		{"bad pmf", "\npmf=yes\n", ErrSyntax, `wpa_supplicant.conf:2: pmf: want 0, 1 or 2, got "yes": syntax error`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader(tt.conf))
			if !errors.Is(err, tt.want) || err.Error() != tt.msg {
				t.Errorf("Parse error:\n got %v\nwant %s (%v)", err, tt.msg, tt.want)
			}
		})
	}
}

// TestParsePhase1: settings that change nothing pass; the rest are named.
func TestParsePhase1(t *testing.T) {
	tests := []struct {
		phase1   string
		kept     string // what EAP.Phase1 keeps, and WriteConfig writes
		warnings []string
	}{
		{`"peapver=0 peaplabel=0"`, "peapver=0 peaplabel=0", nil},
		{`"tls_disable_tlsv1_0=1 tls_disable_tlsv1_1=1 tls_disable_tlsv1_3=1"`, "tls_disable_tlsv1_0=1 tls_disable_tlsv1_1=1 tls_disable_tlsv1_3=1", nil},
		{`"peaplabel=0 tls_disable_time_checks=1 crypto_binding=0"`, "peaplabel=0", []string{"wpa_supplicant.conf:6: phase1: tls_disable_time_checks=1 crypto_binding=0 " +
			"not used by airroot (it speaks PEAPv0 over TLS 1.2 and checks the certificates' dates)"}},
	}
	for _, tt := range tests {
		t.Run(tt.phase1, func(t *testing.T) {
			text := "network={\nssid=\"c\"\nkey_mgmt=WPA-EAP\neap=PEAP\nidentity=\"u\"\nphase1=" + tt.phase1 + "\npassword=\"p\"\n}\n"
			cfg, warnings, err := Parse(strings.NewReader(text))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := cfg.Networks[0].EAP.Phase1; got != tt.kept {
				t.Errorf("Phase1 = %q, want %q", got, tt.kept)
			}
			checkWarnings(t, warnings, tt.warnings)
		})
	}
}

// TestAltSubjectMatch: eduroam CAT's altsubject_match= becomes names the
// server's certificate must hold; with domain_suffix_match= as well, the
// warning says that either is enough.
func TestAltSubjectMatch(t *testing.T) {
	tests := []struct {
		name, lines string
		dns         []string
		warnings    []string
	}{
		{"two DNS entries", `altsubject_match="DNS:a.example.org;DNS:b.example.org"`, []string{"a.example.org", "b.example.org"}, nil},
		{"empty", `altsubject_match=""`, nil, nil},
		{"subject_match beside it", "altsubject_match=\"DNS:a.example.org\"\nsubject_match=\"CN=a.example.org\"", []string{"a.example.org"},
			[]string{"wpa_supplicant.conf:8: subject_match: not checked by airroot; the server's name is (domain_match=, domain_suffix_match=, altsubject_match=)"}},
		{"with domain_suffix_match", "altsubject_match=\"DNS:a.example.org\"\ndomain_suffix_match=\"example.org\"", []string{"a.example.org"},
			[]string{"wpa_supplicant.conf:1: altsubject_match: a server name that matches it or domain_suffix_match/domain_match is accepted (wpa_supplicant requires both)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "network={\nssid=\"eduroam\"\nkey_mgmt=WPA-EAP\neap=PEAP\nidentity=\"u\"\npassword=\"p\"\n" + tt.lines + "\n}\n"
			cfg, warnings, err := Parse(strings.NewReader(text))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.dns, cfg.Networks[0].EAP.AltSubjectDNS()); diff != "" {
				t.Errorf("AltSubjectDNS (-want +got):\n%s", diff)
			}
			checkWarnings(t, warnings, tt.warnings)
		})
	}
}
