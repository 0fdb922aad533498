package testbed

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHostapdConf(t *testing.T) {
	head := "# hostapd.conf written by the airroot e2e harness\ninterface=wlan1\nbridge=br0\ndriver=nl80211\nctrl_interface=/dev/hostapd\n"
	tests := []struct {
		name string
		ap   AccessPoint
		want string
	}{
		{
			name: "wpa2",
			ap:   AccessPoint{SSID: "airroot-e2e", Passphrase: "correct horse"},
			want: head + "ssid=airroot-e2e\nhw_mode=g\nchannel=6\n" +
				"wpa=2\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\nwpa_passphrase=correct horse\n",
		},
		{
			name: "WPA/WPA2 mixed mode",
			ap:   AccessPoint{SSID: "airroot-e2e", Passphrase: "correct horse", MixedWPA: true},
			want: head + "ssid=airroot-e2e\nhw_mode=g\nchannel=6\n" +
				"wpa=3\nwpa_pairwise=TKIP\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\nwpa_passphrase=correct horse\n",
		},
		{
			name: "open",
			ap:   AccessPoint{SSID: "cafe"},
			want: head + "ssid=cafe\nhw_mode=g\nchannel=6\n",
		},
		{
			name: "hidden, rekeying, PMF, channel 11",
			ap:   AccessPoint{SSID: "x", Passphrase: "12345678", Hidden: true, GroupRekey: 30, PTKRekey: 60, PMF: 2, Channel: 11},
			want: head + "ssid=x\nhw_mode=g\nchannel=11\nignore_broadcast_ssid=1\n" +
				"wpa=2\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\nwpa_passphrase=12345678\n" +
				"wpa_group_rekey=30\nwpa_ptk_rekey=60\nieee80211w=2\n",
		},
		{
			name: "802.1X with re-authentication",
			ap:   AccessPoint{SSID: "x", EAP: &EAPServer{Method: "PEAP", Identity: "u", Password: "p", ReauthSeconds: 30}},
			want: head + "ssid=x\nhw_mode=g\nchannel=6\n" +
				"wpa=2\nwpa_key_mgmt=WPA-EAP\nrsn_pairwise=CCMP\nieee8021x=1\neap_server=1\neap_user_file=/e2e/eap/eap_user\n" +
				"ca_cert=/e2e/eap/ca.pem\nserver_cert=/e2e/eap/server.pem\nprivate_key=/e2e/eap/server.key\neap_reauth_period=30\n",
		},
		{
			name: "PSK-SHA256 with PMF required",
			ap:   AccessPoint{SSID: "x", Passphrase: "12345678", PMF: 2, KeyMgmt: "WPA-PSK-SHA256"},
			want: head + "ssid=x\nhw_mode=g\nchannel=6\n" +
				"wpa=2\nwpa_key_mgmt=WPA-PSK-SHA256\nrsn_pairwise=CCMP\nwpa_passphrase=12345678\nieee80211w=2\n",
		},
		{
			name: "SAE, hash-to-element only",
			ap:   AccessPoint{SSID: "x", Passphrase: "12345678", PMF: 2, KeyMgmt: "SAE", SAEPWE: 1, SAEAntiClogging: true},
			want: head + "ssid=x\nhw_mode=g\nchannel=6\n" +
				"wpa=2\nwpa_key_mgmt=SAE\nrsn_pairwise=CCMP\nwpa_passphrase=12345678\nieee80211w=2\nsae_pwe=1\n" +
				"sae_anti_clogging_threshold=0\n",
		},
		{
			name: "SAE on groups 20 and 21",
			ap:   AccessPoint{SSID: "x", Passphrase: "12345678", PMF: 2, KeyMgmt: "SAE", SAEGroups: []int{20, 21}},
			want: head + "ssid=x\nhw_mode=g\nchannel=6\n" +
				"wpa=2\nwpa_key_mgmt=SAE\nrsn_pairwise=CCMP\nwpa_passphrase=12345678\nieee80211w=2\nsae_groups=20 21\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.ap.Validate(); err != nil {
				t.Fatalf("Validate() = %v", err)
			}
			if diff := cmp.Diff(tt.want, HostapdConf(tt.ap)); diff != "" {
				t.Errorf("HostapdConf() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAccessPointValidate(t *testing.T) {
	tests := []struct {
		name    string
		ap      AccessPoint
		wantErr string
	}{
		{name: "no SSID", ap: AccessPoint{}, wantErr: `SSID "": want 1 to 32 bytes`},
		{name: "long SSID", ap: AccessPoint{SSID: strings.Repeat("s", 33)}, wantErr: "want 1 to 32 bytes"},
		{name: "newline in SSID", ap: AccessPoint{SSID: "a\nchannel=1"}, wantErr: "want printable ASCII"},
		{name: "short pass-phrase", ap: AccessPoint{SSID: "a", Passphrase: "1234567"}, wantErr: "want 8 to 63 printable ASCII characters, got 7 bytes"},
		{name: "pass-phrase with a newline", ap: AccessPoint{SSID: "a", Passphrase: "12345678\nwpa=1"}, wantErr: "pass-phrase: want 8 to 63"},
		{name: "channel 14", ap: AccessPoint{SSID: "a", Channel: 14}, wantErr: "channel 14: want 1 to 13"},
		{name: "negative rekey", ap: AccessPoint{SSID: "a", Passphrase: "12345678", GroupRekey: -1}, wantErr: "rekey intervals -1 and 0 s"},
		{name: "PMF 3", ap: AccessPoint{SSID: "a", Passphrase: "12345678", PMF: 3}, wantErr: "PMF 3: want 0, 1 or 2"},
		{name: "open with PMF", ap: AccessPoint{SSID: "a", PMF: 1}, wantErr: "PMF and rekeying need a pass-phrase"},
		{name: "open with key management", ap: AccessPoint{SSID: "a", KeyMgmt: "WPA-PSK-SHA256"}, wantErr: "key management WPA-PSK-SHA256 needs a pass-phrase"},
		{name: "EAP and pass-phrase", ap: AccessPoint{SSID: "a", Passphrase: "12345678", EAP: &EAPServer{Method: "PEAP"}}, wantErr: "choose one"},
		{name: "EAP-FAST", ap: AccessPoint{SSID: "a", EAP: &EAPServer{Method: "FAST"}}, wantErr: `EAP method "FAST"`},
		{name: "EAP with a PSK AKM", ap: AccessPoint{SSID: "a", KeyMgmt: "WPA-PSK", EAP: &EAPServer{Method: "TLS"}}, wantErr: "want WPA-EAP or WPA-EAP-SHA256"},
		{name: "good EAP", ap: AccessPoint{SSID: "a", KeyMgmt: "WPA-EAP-SHA256", PMF: 2, EAP: &EAPServer{Method: "TTLS", Inner: "TTLS-PAP"}}},
		{name: "FT-SAE", ap: AccessPoint{SSID: "a", Passphrase: "12345678", KeyMgmt: "WPA-PSK FT-SAE"}, wantErr: `key management "FT-SAE": want WPA-PSK or WPA-PSK-SHA256 or SAE`},
		{name: "sae_pwe 3", ap: AccessPoint{SSID: "a", Passphrase: "12345678", KeyMgmt: "SAE", SAEPWE: 3}, wantErr: "sae_pwe 3: want 0, 1 or 2"},
		{name: "sae_groups without SAE", ap: AccessPoint{SSID: "a", Passphrase: "12345678", SAEGroups: []int{20}}, wantErr: "sae_groups [20] need SAE"},
		{name: "good with SAE", ap: AccessPoint{SSID: "a", Passphrase: "12345678", PMF: 2, KeyMgmt: "SAE", SAEPWE: 1}},
		{name: "good", ap: AccessPoint{SSID: "a", Passphrase: strings.Repeat("p", 63), PMF: 1, Channel: 1}},
		{name: "good with PSK-SHA256", ap: AccessPoint{SSID: "a", Passphrase: "12345678", PMF: 2, KeyMgmt: "WPA-PSK-SHA256"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.ap.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "access point: ") {
				t.Errorf("Validate() = %v, want an access point error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestChannelOrDefault(t *testing.T) {
	if got := (AccessPoint{}).ChannelOrDefault(); got != defaultChannel {
		t.Errorf("ChannelOrDefault() = %d, want %d", got, defaultChannel)
	}
	if got := (AccessPoint{Channel: 1}).ChannelOrDefault(); got != 1 {
		t.Errorf("ChannelOrDefault() = %d, want 1", got)
	}
}
