package guestproto

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var sampleFixture = FixtureConfig{
	Modules:      []string{"mac80211_hwsim", "bridge", "virtio_mmio", "virtio_net"},
	ModuleParams: map[string][]string{"mac80211_hwsim": {"radios=2"}},
	ModulesDep:   "/e2e/fixture-modules.dep", NIC: "eth0", APInterface: "wlan1", Bridge: "br0",
	Hostapd: HostapdProgram, HostapdConf: "/e2e/hostapd.conf", HostapdCtrl: "/dev/hostapd/wlan1",
	SSID: "airroot-e2e", Channel: 6, RandomSeed: "/e2e/random-seed", Init: "/init", TimeoutSeconds: 60,
}

func TestParseFixtureConfig(t *testing.T) {
	good, err := json.Marshal(sampleFixture)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseFixtureConfig(good)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sampleFixture, got); diff != "" {
		t.Errorf("ParseFixtureConfig() (-want +got):\n%s", diff)
	}
	tests := []struct {
		name    string
		data    string
		wantErr string
	}{
		{name: "not JSON", data: "{", wantErr: "parse fixture configuration: "},
		{name: "empty", data: "{}", wantErr: "fixture configuration: modules_dep is empty\nnic is empty\nap_interface is empty\n" +
			"bridge is empty\nhostapd is empty\nhostapd_conf is empty\nhostapd_ctrl is empty\nrandom_seed is empty\ninit is empty\n" +
			"modules is empty\ntimeout_seconds 0: want a positive number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFixtureConfig([]byte(tt.data))
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("ParseFixtureConfig(%q) = %v, want an error starting %q", tt.data, err, tt.wantErr)
			}
		})
	}
}

func TestFixtureConfigEmptyModuleName(t *testing.T) {
	c := sampleFixture
	c.Modules = []string{"bridge", ""}
	if err := c.Validate(); err == nil || err.Error() != "modules[1] is empty" {
		t.Errorf("Validate() = %v, want modules[1] is empty", err)
	}
}

func TestFixtureUpLine(t *testing.T) {
	line := FixtureUpLine("airroot-e2e", 6)
	if line != `fixture: access point "airroot-e2e" up on channel 6` {
		t.Errorf("FixtureUpLine() = %q", line)
	}
	tests := []struct {
		line string
		want bool
	}{
		{line: line + " (2.7 s)", want: true},
		{line: "[ 9.1] printk " + line + " (2.7 s)\r", want: true},
		{line: "fixture: the access point is not up; starting /init anyway"},
		{line: "airroot: access point up on channel 6"},
	}
	for _, tt := range tests {
		if got := IsFixtureUpLine(tt.line); got != tt.want {
			t.Errorf("IsFixtureUpLine(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func FuzzParseFixtureConfig(f *testing.F) {
	good, _ := json.Marshal(sampleFixture)
	f.Add(good)
	f.Add([]byte(`{"modules":["a"],"timeout_seconds":-1}`))
	f.Add([]byte(`{"module_params":{"x":null}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseFixtureConfig(data)
		if err != nil {
			return
		}
		// A configuration that parsed is valid and survives encoding.
		if err := c.Validate(); err != nil {
			t.Fatalf("parsed configuration is invalid: %v", err)
		}
		again, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := ParseFixtureConfig(again)
		if err != nil {
			t.Fatalf("re-parse %s: %v", again, err)
		}
		if diff := cmp.Diff(c, c2, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("re-parse (-first +second):\n%s", diff)
		}
	})
}
