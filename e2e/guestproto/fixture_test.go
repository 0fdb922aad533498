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
			"hostapd is empty\nhostapd_conf is empty\nhostapd_ctrl is empty\nrandom_seed is empty\ninit is empty\n" +
			"bridge is empty\nmodules is empty\ntimeout_seconds 0: want a positive number"},
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

func TestFixtureConfigRestart(t *testing.T) {
	restart := FixtureRestart{Control: "/dev/e2e-ap-restart", DownSeconds: 5, Files: []string{HostapdProgram}}
	tests := []struct {
		name    string
		edit    func(c *FixtureConfig)
		wantErr string
	}{
		{name: "restartable", edit: func(*FixtureConfig) {}},
		{name: "no control", edit: func(c *FixtureConfig) { c.Restart.Control = "" }, wantErr: "restart: control is empty"},
		{name: "no time down", edit: func(c *FixtureConfig) { c.Restart.DownSeconds = 0 }, wantErr: "restart: down_seconds 0: want a positive number"},
		{name: "no files", edit: func(c *FixtureConfig) { c.Restart.Files = nil }, wantErr: "restart: files is empty"},
		{name: "and later", edit: func(c *FixtureConfig) { c.Later = &FixtureLater{AfterSeconds: 20, HostapdConf: "/e2e/later.conf"} },
			wantErr: "restart and later together"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sampleFixture
			r := restart
			c.Restart = &r
			tt.edit(&c)
			err := c.Validate()
			if (tt.wantErr == "") != (err == nil) || (err != nil && !strings.HasPrefix(err.Error(), tt.wantErr)) {
				t.Errorf("Validate() = %v, want an error starting %q", err, tt.wantErr)
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

// goodDnsmasq leases 10.0.2.100 to .103 and pins .102 (fixture DHCP good's range).
var goodDnsmasq = FixtureDnsmasq{Program: "/usr/sbin/dnsmasq", RangeEnd: "10.0.2.103",
	PinMAC: "02:00:00:00:00:00", PinAddr: "10.0.2.102", LeaseFile: "/e2e/dnsmasq.leases"}

func TestFixtureConfigDHCP(t *testing.T) {
	good := FixtureDHCP{NICAddr: "10.0.2.15/24", ServerAddr: "10.0.2.1", ClientAddr: "10.0.2.100/24",
		Router: "10.0.2.2", DNS: "10.0.2.3", LeaseSeconds: 20}
	tests := []struct {
		name    string
		edit    func(c *FixtureConfig)
		wantErr string
	}{
		{name: "routed, no bridge", edit: func(c *FixtureConfig) { c.Bridge, c.DHCP = "", &good }},
		{name: "neither bridge nor DHCP", edit: func(c *FixtureConfig) { c.Bridge = "" }, wantErr: "bridge is empty"},
		{name: "bad DHCP", edit: func(c *FixtureConfig) {
			d := good
			d.ClientAddr, d.LeaseSeconds = "10.0.2.15/24", 0
			c.Bridge, c.DHCP = "", &d
		}, wantErr: "dhcp: the NIC and the client cannot share an address\nlease_seconds 0: want a positive number"},
		{name: "unparsable address", edit: func(c *FixtureConfig) {
			d := good
			d.Router = "gateway"
			c.DHCP = &d
		}, wantErr: `dhcp: router: ParseAddr("gateway"): unable to parse IP`},
		{name: "root-path, hostname and NAKs", edit: func(c *FixtureConfig) {
			d := good
			d.RootPath, d.Hostname, d.NakRenewals = "/srv/root", "board-1.lan", 1
			c.Bridge, c.DHCP = "", &d
		}},
		{name: "bad root-path, hostname and NAKs", edit: func(c *FixtureConfig) {
			d := good
			d.RootPath, d.Hostname, d.NakRenewals = "srv/root", "board 1", -1
			c.Bridge, c.DHCP = "", &d
		}, wantErr: `dhcp: root_path "srv/root": want an absolute path, or SERVER:/PATH` + "\n" +
			`hostname "board 1": want 1 to 64 letters, digits, '-' and '.'` + "\nnak_renewals -1: want 0 or more"},
		{name: "a move, and quiet leases", edit: func(c *FixtureConfig) {
			d := good
			d.NakRenewals, d.MoveTo, d.MoveSeconds, d.QuietLeases = 1, "10.0.2.101", 15, 1
			c.Bridge, c.DHCP = "", &d
		}},
		{name: "a move out of the prefix, negative quiet leases", edit: func(c *FixtureConfig) {
			d := good
			d.NakRenewals, d.MoveTo, d.MoveSeconds, d.QuietLeases = 1, "10.0.3.101", 15, -1
			c.Bridge, c.DHCP = "", &d
		}, wantErr: "dhcp: quiet_leases -1: want 0 or more\nmove_to 10.0.3.101: want another address in " + good.ClientAddr},
		{name: "a move with no NAK to start it", edit: func(c *FixtureConfig) {
			d := good
			d.MoveTo, d.MoveSeconds = "10.0.2.101", 15
			c.Bridge, c.DHCP = "", &d
		}, wantErr: "dhcp: move_to needs nak_renewals (when to move) and move_seconds (for how long)"},
		{name: "dnsmasq, a root-path with its server", edit: func(c *FixtureConfig) {
			d := good
			d.LeaseSeconds, d.RootPath, d.Dnsmasq = 3600, "10.0.2.2:/srv/root", &goodDnsmasq
			c.Bridge, c.DHCP = "", &d
		}},
		{name: "dnsmasq with a fault and a short lease", edit: func(c *FixtureConfig) {
			d := good
			d.NakRenewals, d.Dnsmasq = 1, &goodDnsmasq
			c.Bridge, c.DHCP = "", &d
		}, wantErr: "dhcp: dnsmasq: NAKed renewals, quiet leases and moves need the fixture's own server\n" +
			"dnsmasq: lease_seconds 20: dnsmasq leases for 120 s at least"},
		{name: "dnsmasq's pin out of its range", edit: func(c *FixtureConfig) {
			d, m := good, goodDnsmasq
			m.PinAddr, m.PinMAC, m.Program = "10.0.2.104", "02:00:00", "dnsmasq"
			d.LeaseSeconds, d.Dnsmasq = 3600, &m
			c.Bridge, c.DHCP = "", &d
		}, wantErr: `dhcp: dnsmasq: program "dnsmasq": want an absolute path` + "\n" +
			`dnsmasq: pin_addr "10.0.2.104": want an address of the range` + "\n" + "dnsmasq: pin_mac: address 02:00:00: invalid MAC address"},
		{name: "dnsmasq's range backwards", edit: func(c *FixtureConfig) {
			d, m := good, goodDnsmasq
			m.RangeEnd, m.PinAddr = "10.0.2.99", "10.0.2.100"
			d.LeaseSeconds, d.Dnsmasq = 3600, &m
			c.Bridge, c.DHCP = "", &d
		}, wantErr: "dhcp: dnsmasq: range_end 10.0.2.99: want an address of 10.0.2.0/24 from 10.0.2.100 on\n" +
			`dnsmasq: pin_addr "10.0.2.100": want an address of the range`},
		{name: "dnsmasq's range too long", edit: func(c *FixtureConfig) {
			d, m := good, goodDnsmasq
			m.RangeEnd = "10.0.2.116"
			d.LeaseSeconds, d.Dnsmasq = 3600, &m
			c.Bridge, c.DHCP = "", &d
		}, wantErr: "dhcp: dnsmasq: range 10.0.2.100 to 10.0.2.116: want at most 16 addresses"},
		{name: "hostname too long", edit: func(c *FixtureConfig) {
			d := good
			d.Hostname = strings.Repeat("a", 65)
			c.Bridge, c.DHCP = "", &d
		}, wantErr: `dhcp: hostname "` + strings.Repeat("a", 65) + `": want 1 to 64 letters, digits, '-' and '.'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sampleFixture
			tt.edit(&c)
			err := c.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Errorf("Validate() = %q, want %q", got, tt.wantErr)
			}
		})
	}
}

func TestFixtureConfigLater(t *testing.T) {
	tests := []struct {
		name    string
		later   FixtureLater
		wantErr bool
	}{
		{name: "fine", later: FixtureLater{AfterSeconds: 20, HostapdConf: "/e2e/hostapd-later.conf"}},
		{name: "no delay", later: FixtureLater{HostapdConf: "/e2e/hostapd-later.conf"}, wantErr: true},
		{name: "no configuration", later: FixtureLater{AfterSeconds: 20}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sampleFixture
			c.Later = &tt.later
			if err := c.Validate(); (err != nil) != tt.wantErr {
				t.Errorf("Validate() = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}

func TestFixtureConfigSecondAP(t *testing.T) {
	second := FixtureSecondAP{Interface: "wlan2", HostapdConf: "/e2e/hostapd-second.conf"}
	tests := []struct {
		name    string
		edit    func(c *FixtureConfig)
		wantErr string
	}{
		{name: "second access point", edit: func(*FixtureConfig) {}},
		{name: "no configuration", edit: func(c *FixtureConfig) { c.SecondAP.HostapdConf = "" }, wantErr: "second_ap: want an interface and a hostapd_conf"},
		{name: "the monitor's radio", edit: func(c *FixtureConfig) { c.Monitor = "wlan2" }, wantErr: "second_ap: wlan2 is the monitor too"},
		{name: "restartable", edit: func(c *FixtureConfig) {
			c.Restart = &FixtureRestart{Control: "/dev/e2e-ap-restart", DownSeconds: 5, Files: []string{HostapdProgram}}
		}, wantErr: "second_ap with restart or dhcp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sampleFixture
			s := second
			c.SecondAP = &s
			tt.edit(&c)
			err := c.Validate()
			if (tt.wantErr == "") != (err == nil) || (err != nil && !strings.HasPrefix(err.Error(), tt.wantErr)) {
				t.Errorf("Validate() = %v, want an error starting %q", err, tt.wantErr)
			}
		})
	}
}

// TestLeased: the fixture routes each address the server may lease.
func TestLeased(t *testing.T) {
	base := FixtureDHCP{ClientAddr: "10.0.2.100/24"}
	moved := base
	moved.MoveTo = "10.0.2.101"
	ranged := base
	ranged.Dnsmasq = &goodDnsmasq
	long := base
	long.Dnsmasq = &FixtureDnsmasq{RangeEnd: "10.0.2.200"}
	tests := []struct {
		name string
		d    FixtureDHCP
		want []string
	}{
		{name: "one address", d: base, want: []string{"10.0.2.100"}},
		{name: "and a move", d: moved, want: []string{"10.0.2.100", "10.0.2.101"}},
		{name: "dnsmasq's range", d: ranged, want: []string{"10.0.2.100", "10.0.2.101", "10.0.2.102", "10.0.2.103"}},
		{name: "no client", d: FixtureDHCP{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, a := range tt.d.Leased() {
				got = append(got, a.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Leased() (-want +got):\n%s", diff)
			}
		})
	}
	if n := len(long.Leased()); n != maxDnsmasqRange {
		t.Errorf("Leased() of a range of 101 = %d addresses, want %d", n, maxDnsmasqRange)
	}
}
