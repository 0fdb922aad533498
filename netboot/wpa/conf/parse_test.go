package conf

import (
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/airroot/airroot/netboot/wpa"
	"github.com/google/go-cmp/cmp"
)

func psk(t *testing.T, s string) [32]byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 32 {
		t.Fatalf("bad PSK in test: %q", s)
	}
	return [32]byte(b)
}

// mustPSK derives a PSK with wpa.PSK, which is tested against Annex J.
func mustPSK(t *testing.T, passphrase, ssid string) [32]byte {
	t.Helper()
	p, err := wpa.PSK(passphrase, ssid)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// IEEE 802.11 Annex J.4 vector: "password" with SSID "IEEE".
const ieeePSK = "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e"

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		conf     string
		want     *Config
		warnings []string
	}{
		{"what wpa_passphrase prints", `network={
	ssid="IEEE"
	#psk="password"
	psk=` + ieeePSK + `
}
`, &Config{Networks: []Network{{Line: 1, SSID: "IEEE", KeyMgmt: KeyMgmtWPAPSK, PSK: psk(t, ieeePSK)}}}, nil},
		{"Raspberry Pi OS file, pass-phrase before ssid", `ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=gb

network={
    psk="password"   # the pass-phrase
    ssid="IEEE"
    key_mgmt=WPA-PSK
}
`, &Config{Country: "GB", Networks: []Network{{Line: 5, SSID: "IEEE", KeyMgmt: KeyMgmtWPAPSK, PSK: psk(t, ieeePSK)}}},
			[]string{
				"wpa_supplicant.conf:1: ctrl_interface: ignored (airroot reads only country=, pmf=, sae_pwe=, sae_groups=, freq_list= and network={} blocks)",
				"wpa_supplicant.conf:2: update_config: ignored (airroot reads only country=, pmf=, sae_pwe=, sae_groups=, freq_list= and network={} blocks)",
			}},
		{"every setting, hex SSID, several networks", `# home
country=DE
network={
	ssid=49454545
	psk=` + ieeePSK + `
	key_mgmt=WPA-PSK SAE
	scan_ssid=1
	priority=-3
	bssid=02:00:00:00:00:01
	freq_list=2412 2437  5180
	scan_freq=2437
	disabled=1
	ieee80211w=2
	id_str="home"
}
network = {
	ssid="café #1"
	key_mgmt=NONE
	psk="ignored!"
}
cred={
	username="x"
}
network={
	ssid=P"tab\there\x21\101\\\""
	psk="password"
	ieee80211w=1
}
`, &Config{Country: "DE", Networks: []Network{
			{Line: 3, SSID: "IEEE", KeyMgmt: KeyMgmtWPAPSK, PSK: psk(t, ieeePSK), ScanSSID: true, Priority: -3,
				BSSID: []byte{2, 0, 0, 0, 0, 1}, FreqList: []int{2412, 2437, 5180}, ScanFreq: []int{2437}, Disabled: true,
				IEEE80211W: wpa.MFPRequired},
			{Line: 16, SSID: "café #1", KeyMgmt: KeyMgmtNone},
			{Line: 24, SSID: "tab\there!A\\\"", KeyMgmt: KeyMgmtWPAPSK,
				PSK: mustPSK(t, "password", "tab\there!A\\\""), IEEE80211W: wpa.MFPOptional},
		}},
			[]string{
				"wpa_supplicant.conf:14: id_str: ignored (airroot does not use this network setting)",
				"wpa_supplicant.conf:3: key_mgmt: SAE left out: it needs the password itself (sae_password= or psk=\"...\"), not a PSK in hex",
				"wpa_supplicant.conf:19: psk: ignored with key_mgmt=NONE",
				"wpa_supplicant.conf:21: cred block ignored",
			}},
		{"empty file", "", &Config{}, nil},
		{"CRLF line ends", "country=US\r\nnetwork={\r\nssid=\"x\"\r\nkey_mgmt=NONE\r\n}\r\n",
			&Config{Country: "US", Networks: []Network{{Line: 2, SSID: "x", KeyMgmt: KeyMgmtNone}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkParse(t, strings.NewReader(tt.conf), tt.want, tt.warnings)
		})
	}
}

// checkParse parses r and compares the configuration and the warnings'
// text with want and warnings.
func checkParse(t *testing.T, r io.Reader, want *Config, warnings []string) {
	t.Helper()
	got, gotWarnings, err := Parse(r)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
	checkWarnings(t, gotWarnings, warnings)
}

func checkWarnings(t *testing.T, got []Warning, want []string) {
	t.Helper()
	var text []string
	for _, w := range got {
		text = append(text, w.String())
	}
	if diff := cmp.Diff(want, text); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestParseUTF8Passphrase: a pass-phrase typed into a router in German is
// hashed from its UTF-8 bytes, as wpa_supplicant does, not refused.
func TestParseUTF8Passphrase(t *testing.T) {
	cfg, _, err := Parse(strings.NewReader("network={\n\tssid=\"home\"\n\tpsk=\"Grüße aus Köln\"\n}\n"))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := "2c4bbabc68202e3ffd7033898ea4bf7d9a2939bfc5dcdf3688b5d58da773c63d" // hashlib.pbkdf2_hmac
	if got := hex.EncodeToString(cfg.Networks[0].PSK[:]); got != want {
		t.Errorf("PSK %s, want %s", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		conf string
		want error
		msg  string
	}{
		{"short pass-phrase", "country=GB\n\nnetwork={\n\tssid=\"home\"\n\n\n\tpsk=\"secret\"\n}\n", wpa.ErrPassphrase,
			"wpa_supplicant.conf:7: psk: pass-phrase must be 8..63 characters (bytes: a non-ASCII character counts 2 to 4)"},
		{"control character in the pass-phrase", "network={\nssid=\"x\"\npsk=\"pässw\x01rd1\"\n}", wpa.ErrPassphrase,
			"wpa_supplicant.conf:3: psk: pass-phrase byte 7 is a control character"},
		{"PSK of 63 hex digits", "network={\nssid=\"x\"\npsk=" + ieeePSK[:63] + "\n}", ErrSyntax,
			"wpa_supplicant.conf:3: psk: want a \"quoted pass-phrase\" or 64 hex digits: syntax error"},
		{"IEEE8021X", "network={\nssid=\"corp\"\nkey_mgmt=IEEE8021X\n}", ErrUnsupported,
			"wpa_supplicant.conf:3: key_mgmt: IEEE8021X is not supported by airroot (it speaks WPA-PSK, WPA-PSK-SHA256, SAE, WPA-EAP, WPA-EAP-SHA256 and NONE)"},
		{"WPA-EAP without eap", "network={\nssid=\"corp\"\nkey_mgmt=WPA-EAP IEEE8021X\n}", ErrSyntax,
			"wpa_supplicant.conf:1: network \"corp\": key_mgmt=WPA-EAP needs eap= (PEAP, TTLS or TLS): syntax error"},
		{"FT-SAE only", "network={\nssid=\"wpa3\"\nkey_mgmt=FT-SAE\nsae_password=\"x\"\n}", ErrUnsupported,
			"wpa_supplicant.conf:3: key_mgmt: FT-SAE is not supported by airroot (it speaks WPA-PSK, WPA-PSK-SHA256, SAE, WPA-EAP, WPA-EAP-SHA256 and NONE)"},
		{"SAE with a PSK in hex", "network={\nssid=\"wpa3\"\nkey_mgmt=SAE\npsk=" + ieeePSK + "\n}", ErrSyntax,
			"wpa_supplicant.conf:1: network \"wpa3\": key_mgmt=SAE needs the password itself, in sae_password=\"...\" or psk=\"...\" (a PSK in hex cannot be used for SAE): syntax error"},
		{"SAE without PMF", "network={\nssid=\"wpa3\"\nkey_mgmt=SAE\nsae_password=\"secret\"\nieee80211w=0\n}", ErrUnsupported,
			"wpa_supplicant.conf:1: ieee80211w: network \"wpa3\": SAE requires management frame protection (ieee80211w=1 or 2): not supported"},
		{"bad sae_pwe", "sae_pwe=3\n", ErrSyntax, "wpa_supplicant.conf:1: sae_pwe: want 0, 1 or 2, got \"3\": syntax error"},
		{"empty sae_password", "network={\nsae_password=\"\"\n}", ErrSyntax, "wpa_supplicant.conf:2: sae_password: empty SAE password: syntax error"},
		{"empty key_mgmt", "network={\nssid=\"x\"\nkey_mgmt=\n}", ErrSyntax,
			"wpa_supplicant.conf:3: key_mgmt: want WPA-PSK, WPA-PSK-SHA256, SAE, WPA-EAP, WPA-EAP-SHA256 or NONE: syntax error"},
		{"no psk", "network={\nssid=\"x\"\n}", ErrSyntax,
			"wpa_supplicant.conf:1: network \"x\" has no psk (add psk=, the 802.1X settings with key_mgmt=WPA-EAP, or key_mgmt=NONE): syntax error"},
		{"WPA-PSK without psk", "network={\nssid=\"x\"\nkey_mgmt=WPA-PSK\n}", ErrSyntax,
			"wpa_supplicant.conf:1: network \"x\": key_mgmt=WPA-PSK needs psk=: syntax error"},
		{"no ssid", "\nnetwork={\nkey_mgmt=NONE\n}", ErrSyntax, "wpa_supplicant.conf:2: network block has no ssid: syntax error"},
		{"unclosed block", "network={\nssid=\"x\"\n", ErrSyntax, "wpa_supplicant.conf:1: network block has no closing }: syntax error"},
		{"nested block", "network={\nnetwork={\n}", ErrSyntax,
			"wpa_supplicant.conf:2: network={ inside a network block (missing }?): syntax error"},
		{"stray brace", "}\n", ErrSyntax, "wpa_supplicant.conf:1: } without network={: syntax error"},
		{"not name=value", "network={\nssid \"x\"\n}", ErrSyntax, "wpa_supplicant.conf:2: line is not name=value: syntax error"},
		{"unterminated quote", "network={\nssid=\"x\n}", ErrSyntax,
			"wpa_supplicant.conf:2: ssid: quoted value has no closing quote: syntax error"},
		{"SSID too long", "network={\nssid=\"" + strings.Repeat("s", 33) + "\"\n}", ErrSyntax,
			"wpa_supplicant.conf:2: ssid: SSID must be 1..32 bytes, got 33: syntax error"},
		{"empty SSID", "network={\nssid=\"\"\n}", ErrSyntax, "wpa_supplicant.conf:2: ssid: SSID must be 1..32 bytes, got 0: syntax error"},
		{"odd hex SSID", "network={\nssid=abc\n}", ErrSyntax,
			"wpa_supplicant.conf:2: ssid: want a \"quoted\" string or hex digits: syntax error"},
		{"bad escape", "network={\nssid=P\"a\\x\"\n}", ErrSyntax, "wpa_supplicant.conf:2: ssid: bad escape \\x in P\"...\" value: syntax error"},
		{"unclosed P string", "network={\nssid=P\"abc\n}", ErrSyntax,
			"wpa_supplicant.conf:2: ssid: no closing quote in P\"...\" value: syntax error"},
		{"trailing backslash", "network={\nssid=P\"a\\\"\n}", ErrSyntax,
			"wpa_supplicant.conf:2: ssid: backslash at the end of P\"...\" value: syntax error"},
		{"bad scan_ssid", "network={\nscan_ssid=yes\n}", ErrSyntax, "wpa_supplicant.conf:2: scan_ssid: want 0 or 1, got \"yes\": syntax error"},
		{"bad priority", "network={\npriority=high\n}", ErrSyntax, "wpa_supplicant.conf:2: priority: want a number, got \"high\": syntax error"},
		{"bad bssid", "network={\nbssid=02:00:00:00:00\n}", ErrSyntax,
			"wpa_supplicant.conf:2: bssid: want a MAC address like 02:00:00:00:00:01, got \"02:00:00:00:00\": syntax error"},
		{"one-line block", "network={ ssid=\"x\" psk=\"password\" }\n", ErrSyntax,
			"wpa_supplicant.conf:1: network={ must end its line: each setting on a line of its own, and } alone on the last (wpa_supplicant reads no one-line block): syntax error"},
		{"something after }", "network={\nssid=\"a\"\npsk=\"password\"\n} ssid=\"b\"\n", ErrSyntax,
			"wpa_supplicant.conf:4: } must be alone on its line (a block's end, then network={ on the next line): syntax error"},
		{"UTF-16 with its byte order mark", "\xff\xfen\x00e\x00t\x00", ErrSyntax,
			"wpa_supplicant.conf:1: the file is UTF-16 (Windows Notepad's \"Unicode\"): save it as UTF-8 or ANSI: syntax error"},
		{"UTF-16 without one", "n\x00e\x00t\x00", ErrSyntax,
			"wpa_supplicant.conf:1: the file is UTF-16 (Windows Notepad's \"Unicode\"): save it as UTF-8 or ANSI: syntax error"},
		{"bad freq_list", "network={\nfreq_list=2412,2437\n}", ErrSyntax,
			"wpa_supplicant.conf:2: freq_list: want frequencies in MHz separated by spaces, got \"2412,2437\": syntax error"},
		{"bad scan_freq", "network={\nscan_freq=2412 -5\n}", ErrSyntax,
			"wpa_supplicant.conf:2: scan_freq: want frequencies in MHz separated by spaces, got \"-5\": syntax error"},
		{"bad ieee80211w", "network={\nieee80211w=3\n}", ErrSyntax, "wpa_supplicant.conf:2: ieee80211w: want 0, 1 or 2, got \"3\": syntax error"},
		{"bad country", "country=GBR\n", ErrSyntax, "wpa_supplicant.conf:1: country: want a two-letter country code like GB, got \"GBR\": syntax error"},
		{"long line", strings.Repeat("#", 70000), ErrSyntax, "wpa_supplicant.conf:1: line longer than 65536 bytes: syntax error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader(tt.conf))
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse error = %v, want %v", err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %v is not a *ParseError", err)
			}
			if err.Error() != tt.msg {
				t.Errorf("error text:\n got %q\nwant %q", err, tt.msg)
			}
		})
	}
}

func TestParseErrorsNeverQuotePassphrase(t *testing.T) {
	for _, conf := range []string{
		"network={\nssid=\"x\"\npsk=\"short\"\n}",
		"network={\nssid=\"x\"\npsk=\"tab\there\"\n}",
		"network={\nssid=\"x\"\npsk=\"" + strings.Repeat("long", 20) + "\"\n}",
		"network={\nssid=\"x\"\npsk=\"unterminated\n}",
		"network={\nssid=\"x\"\npsk=nothexnothex\n}",
		"network={\nssid=\"x\"\npsk \"spaced out\"\n}",
	} {
		_, _, err := Parse(strings.NewReader(conf))
		if err == nil {
			t.Fatalf("Parse(%q) succeeded", conf)
		}
		for _, secret := range []string{"short", "tab\there", "longlong", "unterminated", "nothexnothex", "spaced out"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q quotes the pass-phrase", err)
			}
		}
	}
}

func TestParseKeyMgmtAndGroup(t *testing.T) {
	tests := []struct {
		name     string
		lines    string
		wantKM   KeyMgmt
		wantCCMP bool // GroupCCMPOnly
		warnings []string
		policy   wpa.Policy
	}{
		{"WPA-PSK", "key_mgmt=WPA-PSK", KeyMgmtWPAPSK, false, nil, wpa.Policy{AKMs: []wpa.Suite{wpa.AKMPSK}}},
		{"WPA-PSK-SHA256", "key_mgmt=WPA-PSK-SHA256\nieee80211w=2", KeyMgmtWPAPSKSHA256, false, nil,
			wpa.Policy{MFP: wpa.MFPRequired, AKMs: []wpa.Suite{wpa.AKMPSKSHA256}}},
		{"both, in either order", "key_mgmt=WPA-PSK-SHA256 WPA-PSK", KeyMgmtWPAPSK | KeyMgmtWPAPSKSHA256, false, nil,
			wpa.Policy{AKMs: []wpa.Suite{wpa.AKMPSK, wpa.AKMPSKSHA256}}},
		{"with SAE but a PSK in hex", "key_mgmt=SAE WPA-PSK-SHA256", KeyMgmtWPAPSKSHA256, false,
			[]string{"wpa_supplicant.conf:1: key_mgmt: SAE left out: it needs the password itself (sae_password= or psk=\"...\"), not a PSK in hex"},
			wpa.Policy{AKMs: []wpa.Suite{wpa.AKMPSKSHA256}}},
		{"group=TKIP", "group=TKIP", KeyMgmtWPAPSK, false, nil, wpa.Policy{AKMs: []wpa.Suite{wpa.AKMPSK}}},
		{"group=CCMP TKIP WEP104", "group=CCMP TKIP WEP104", KeyMgmtWPAPSK, false,
			[]string{"wpa_supplicant.conf:4: group: WEP104 not supported, airroot accepts CCMP and, unless left out, TKIP"},
			wpa.Policy{AKMs: []wpa.Suite{wpa.AKMPSK}}},
		{"group=CCMP", "group=CCMP", KeyMgmtWPAPSK, true, nil, wpa.Policy{AKMs: []wpa.Suite{wpa.AKMPSK}, RefuseTKIPGroup: true}},
		// wpa_supplicant.conf's own first example.
		{"WPA-PSK WPA-EAP with a psk and no eap=", "key_mgmt=WPA-PSK WPA-EAP", KeyMgmtWPAPSK, false,
			[]string{"wpa_supplicant.conf:1: key_mgmt: WPA-EAP left out: the network has a psk= and no eap="},
			wpa.Policy{AKMs: []wpa.Suite{wpa.AKMPSK}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "network={\nssid=\"IEEE\"\npsk=" + ieeePSK + "\n" + tt.lines + "\n}\n"
			cfg, warnings, err := Parse(strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			n := cfg.Networks[0]
			if n.KeyMgmt != tt.wantKM || n.GroupCCMPOnly != tt.wantCCMP {
				t.Errorf("key_mgmt %v, group CCMP only %v; want %v, %v", n.KeyMgmt, n.GroupCCMPOnly, tt.wantKM, tt.wantCCMP)
			}
			var got []string
			for _, w := range warnings {
				got = append(got, w.String())
			}
			if diff := cmp.Diff(tt.warnings, got); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.policy, n.Policy()); diff != "" {
				t.Errorf("Policy (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseBSSIDAny: bssid=any (or empty) sets no BSSID, as in
// wpa_supplicant, rather than refusing the file.
func TestParseBSSIDAny(t *testing.T) {
	for _, v := range []string{"any", `""`} {
		cfg, _, err := Parse(strings.NewReader("network={\nssid=\"x\"\npsk=\"password\"\nbssid=" + v + "\n}\n"))
		if err != nil || cfg.Networks[0].BSSID != nil {
			t.Errorf("bssid=%s: %v, BSSID %v; want none", v, err, cfg)
		}
	}
}

// TestParseJoinedBlocks: eduroam CAT's installer writes a profile of two
// SSIDs as "}network={" between the blocks; both networks are read.
func TestParseJoinedBlocks(t *testing.T) {
	cfg, _, err := Parse(strings.NewReader("network={\nssid=\"a\"\npsk=\"password\"\n}network={\nssid=\"b\"\npsk=\"password\"\n}\n"))
	if err != nil || len(cfg.Networks) != 2 || cfg.Networks[0].SSID != "a" || cfg.Networks[1].SSID != "b" || cfg.Networks[1].Line != 4 {
		t.Fatalf("Parse: %v, %+v; want networks a and b, b's block from line 4", err, cfg)
	}
}

// TestParseGlobalFreqList: the global freq_list= limits every scan, as in
// wpa_supplicant: each network scans its channels among those.
func TestParseGlobalFreqList(t *testing.T) {
	text := "freq_list=2412 2437\n" +
		"network={\nssid=\"a\"\npsk=\"password\"\n}\n" +
		"network={\nssid=\"b\"\npsk=\"password\"\nscan_freq=2437 5180\n}\n" +
		"network={\nssid=\"c\"\npsk=\"password\"\nscan_freq=5180\n}\n"
	cfg, warnings, err := Parse(strings.NewReader(text))
	if err != nil || len(warnings) != 0 {
		t.Fatalf("Parse: %v, warnings %v", err, warnings)
	}
	want := [][]int{{2412, 2437}, {2437}, {2412, 2437}}
	for i, n := range cfg.Networks {
		if !slices.Equal(n.ScanFreq, want[i]) {
			t.Errorf("network %q scans %v, want %v", n.SSID, n.ScanFreq, want[i])
		}
	}
}
