package hostapdctl

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name        string
		reply       string
		want        Status
		wantEnabled bool
	}{
		{
			name:  "enabled",
			reply: "state=ENABLED\nphy=phy1\nfreq=2437\nchannel=6\nssid[0]=airroot-e2e\nbss[0]=wlan1\n",
			want: Status{"state": "ENABLED", "phy": "phy1", "freq": "2437", "channel": "6",
				"ssid[0]": "airroot-e2e", "bss[0]": "wlan1"},
			wantEnabled: true,
		},
		{name: "not yet", reply: "state=COUNTRY_UPDATE\n", want: Status{"state": "COUNTRY_UPDATE"}},
		{name: "value with =", reply: "ssid[0]=a=b\r\n", want: Status{"ssid[0]": "a=b"}},
		{name: "failure reply", reply: "FAIL\n", want: Status{}},
		{name: "empty key", reply: "=x\n", want: Status{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseStatus(tt.reply)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseStatus() (-want +got):\n%s", diff)
			}
			if got.Enabled() != tt.wantEnabled {
				t.Errorf("Enabled() = %v, want %v", got.Enabled(), tt.wantEnabled)
			}
		})
	}
}

func FuzzParseStatus(f *testing.F) {
	f.Add("state=ENABLED\nchannel=6\n")
	f.Add("FAIL\n")
	f.Add("a=b=c\r\n=\n")
	f.Fuzz(func(t *testing.T, reply string) {
		st := ParseStatus(reply)
		for key, value := range st {
			if key == "" || strings.Contains(key, "\n") || strings.Contains(value, "\n") {
				t.Errorf("ParseStatus(%q) has key %q = %q", reply, key, value)
			}
			// Writing a key back as its line and parsing it again gives the same value.
			if again := ParseStatus(key + "=" + value); again[key] != value {
				t.Errorf("re-parse of %q=%q gave %q", key, value, again[key])
			}
		}
	})
}
