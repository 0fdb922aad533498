package conf

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/wpa"
)

// ignoredGlobal is the warning for a global setting airroot does not read.
const ignoredGlobal = ": ignored (airroot reads only country=, pmf=, sae_pwe=, sae_groups=, freq_list= and network={} blocks)"

// TestParseRealFiles reads files as their tools write them
// (testdata/real): Raspberry Pi Imager's firstrun.sh, a file saved by
// Windows Notepad (a byte order mark, CRLF), eduroam CAT's network block,
// a TTLS/PAP eduroam guide, and blocks in the manner of
// wpa_supplicant.conf.example.
func TestParseRealFiles(t *testing.T) {
	const pass = "very secret passphrase"
	tests := []struct {
		file     string
		want     *Config
		warnings []string
	}{
		{"imager-firstrun.conf", &Config{Country: "GB", Networks: []Network{{Line: 6, SSID: "WiFiHome",
			KeyMgmt: KeyMgmtWPAPSK, PSK: psk(t, ieeePSK), IEEE80211W: wpa.MFPOptional}}},
			[]string{"2: ctrl_interface" + ignoredGlobal, "3: ap_scan" + ignoredGlobal, "5: update_config" + ignoredGlobal,
				`6: key_mgmt: SAE left out: it needs the password itself (sae_password= or psk="..."), not a PSK in hex`}},
		{"notepad-bom-crlf.conf", &Config{Country: "GB", Networks: []Network{{Line: 5, SSID: "IEEE",
			KeyMgmt: KeyMgmtWPAPSK, PSK: psk(t, ieeePSK)}}},
			[]string{"2: ctrl_interface" + ignoredGlobal, "3: update_config" + ignoredGlobal}},
		{"eduroam-cat.conf", &Config{Networks: []Network{{Line: 1, SSID: "eduroam", KeyMgmt: KeyMgmtWPAEAP,
			EAP: &EAP{Methods: []string{"PEAP"}, Identity: "pi@example.ac.uk", AnonymousIdentity: "anonymous@example.ac.uk",
				Password: "clientPass", CACert: "/home/pi/.config/cat_installer/ca.pem", Phase2: "auth=MSCHAPV2",
				AltSubjectMatch: "DNS:radius1.example.ac.uk;DNS:radius2.example.ac.uk"}}}}, nil},
		{"eduroam-ttls-pap.conf", &Config{Networks: []Network{{Line: 2, SSID: "eduroam", KeyMgmt: KeyMgmtWPAEAP, ScanSSID: true,
			EAP: &EAP{Methods: []string{"TTLS"}, Identity: "pi@example.edu", Password: "clientPass", CACert: "/etc/ssl/certs/eduroam.pem",
				DomainSuffixMatch: "example.edu", Phase1: "tls_disable_tlsv1_0=1", Phase2: "auth=PAP"}}}},
			[]string{"1: ap_scan" + ignoredGlobal}},
		{"example-blocks.conf", &Config{Networks: []Network{
			{Line: 8, SSID: "example", KeyMgmt: KeyMgmtWPAPSK, PSK: mustPSK(t, pass, "example"), ScanSSID: true, Priority: 5,
				IEEE80211W: wpa.MFPOptional},
			{Line: 21, SSID: "\x00\x01\x02\x03", KeyMgmt: KeyMgmtWPAPSK, PSK: psk(t, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
				BSSID: []byte{0, 0x11, 0x22, 0x33, 0x44, 0x55}, FreqList: []int{2412, 2437}, Disabled: true, IEEE80211W: wpa.MFPOptional},
			{Line: 31, SSID: "café \"one\"", KeyMgmt: KeyMgmtWPAPSK | KeyMgmtWPAPSKSHA256 | KeyMgmtSAE,
				PSK: mustPSK(t, pass, "café \"one\""), SAEPassword: "another secret", IEEE80211W: wpa.MFPRequired},
		}}, []string{"2: ctrl_interface" + ignoredGlobal, "3: update_config" + ignoredGlobal, "4: p2p_disabled" + ignoredGlobal,
			"12: proto: WPA not supported, using RSN", "13: pairwise: TKIP not supported, using CCMP",
			"17: id_str: ignored (airroot does not use this network setting)",
			"26: frequency: ignored (airroot does not use this network setting)"}},
		// An old WEP network above the one the board joins: left out, not
		// the whole file refused.
		{"old-wep-and-home.conf", &Config{Country: "GB", Networks: []Network{{Line: 12, SSID: "Home",
			KeyMgmt: KeyMgmtWPAPSK, PSK: mustPSK(t, pass, "Home")}}},
			[]string{"1: ctrl_interface" + ignoredGlobal, "2: update_config" + ignoredGlobal,
				`5: network "OldRouter" left out: airroot cannot join it (line 8: wep_key0: WEP is not supported by airroot ` +
					"(it is broken: set the access point to WPA2 and write psk=))"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := testutil.ReadFile(t, filepath.Join("testdata", "real", tt.file))
			var warnings []string
			for _, w := range tt.warnings {
				warnings = append(warnings, DefaultFile+":"+w)
			}
			checkParse(t, bytes.NewReader(data), tt.want, warnings)
		})
	}
}

// TestParseRealFilesRefused: settings airroot cannot honour are refused with
// the line, the key and what to write instead, where they were once
// ignored with a warning and the network could never join.
func TestParseRealFilesRefused(t *testing.T) {
	tests := []struct{ file, msg string }{ // ErrUnsupported, or ErrSyntax for a file that is not wpa_supplicant.conf
		{"wpa1-only.conf", "wpa_supplicant.conf:3: proto: WPA is not supported by airroot (it speaks RSN (WPA2/WPA3), not WPA1: remove proto= or write proto=RSN)"},
		{"ibss.conf", "wpa_supplicant.conf:3: mode: 1 is not supported by airroot (it joins access points (mode=0), not ad-hoc, access point or mesh networks)"},
		{"home.nmconnection", "wpa_supplicant.conf:1: [connection] is a NetworkManager keyfile's section: airroot reads wpa_supplicant.conf (network={ ssid=\"...\" psk=\"...\" }): syntax error"},
		{"network-config.yaml", "wpa_supplicant.conf:2: line is not name=value but YAML's name: value, as in a netplan or cloud-init network-config: " +
			"airroot reads wpa_supplicant.conf (network={ ssid=\"...\" psk=\"...\" }): syntax error"},
		{"wep.conf", "wpa_supplicant.conf:4: wep_key0: WEP is not supported by airroot (it is broken: set the access point to WPA2 and write psk=)"},
		// Every network left out: each named, in the file's order, on one line.
		{"wep-and-wpa1.conf", "wpa_supplicant.conf:4: wep_key0: WEP is not supported by airroot (it is broken: set the access point to WPA2 and write psk=); " +
			"and no other network either: line 9: proto: WPA is not supported by airroot (it speaks RSN (WPA2/WPA3), not WPA1: remove proto= or write proto=RSN)"},
		{"peapv1.conf", "wpa_supplicant.conf:8: phase1: peapver=1 is not supported by airroot (it speaks PEAPv0 (peapver=0))"},
		{"eduroam-cat-tls.conf", `wpa_supplicant.conf:1: network "eduroam": private_key="/home/pi/.config/cat_installer/user.p12": a PKCS#12 file is not supported by airroot: ` +
			"convert it to PEM (openssl pkcs12 -in FILE -out client.pem) and set both client_cert= and private_key= to client.pem"},
		{"altsubject-email.conf", `wpa_supplicant.conf:8: altsubject_match: entry "EMAIL:noone@example.com" is not supported by airroot (it checks DNS:name entries; for EMAIL: or URI: use domain_suffix_match= with the server's DNS name)`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := testutil.ReadFile(t, filepath.Join("testdata", "real", tt.file))
			_, warnings, err := Parse(bytes.NewReader(data))
			if !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrSyntax) || err.Error() != tt.msg {
				t.Errorf("Parse error:\n got %v\nwant %s", err, tt.msg)
			}
			for _, w := range warnings {
				if strings.Contains(w.Msg, "left out") {
					t.Errorf("warning %q repeats the error", w)
				}
			}
		})
	}
}
