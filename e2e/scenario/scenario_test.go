package scenario

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
)

func TestScenariosAreValid(t *testing.T) {
	if err := ValidateScenarios(Scenarios, machine.Boards); err != nil {
		t.Error(err)
	}
}

func TestValidate(t *testing.T) {
	good := Scenario{Name: "virt-x", Board: "virt", Network: Ethernet{}, Checks: Checks{Result: guestproto.ModeNewRoot}, Timeout: time.Minute}
	tests := []struct {
		name    string
		change  func(*Scenario)
		wantErr string // a substring of the error; "" for none
	}{
		{name: "good", change: func(*Scenario) {}},
		{name: "bad name", change: func(s *Scenario) { s.Name = "Virt X" }, wantErr: `name "Virt X"`},
		{name: "unknown board", change: func(s *Scenario) { s.Board = "pi5" }, wantErr: `board "pi5" is not defined`},
		{name: "no timeout", change: func(s *Scenario) { s.Timeout = 0 }, wantErr: "timeout 0s"},
		{name: "no end", change: func(s *Scenario) { s.Checks.Result = "" }, wantErr: "no end condition"},
		{name: "stop pattern without count", change: func(s *Scenario) { s.Checks.StopAfter.Pattern = Pattern{"x"} }, wantErr: "StopAfter wants both"},
		{name: "rescue without rd.shell", change: func(s *Scenario) { s.Checks.Result, s.Boot.RescueShell = guestproto.ModeRescue, true }, wantErr: "needs RescueShell and rd.shell"},
		{
			name: "rescue with rd.shell",
			change: func(s *Scenario) {
				s.Checks.Result, s.Boot.RescueShell, s.Boot.Cmdline = guestproto.ModeRescue, true, []string{"rd.shell"}
			},
		},
		{name: "rule command without a shell", change: func(s *Scenario) { s.Boot.DeviceRule = &fullDeviceRule }, wantErr: "puts no /bin/sh"},
		{name: "rule command with a shell", change: func(s *Scenario) { s.Boot.DeviceRule, s.Boot.Shell = &fullDeviceRule, true }},
		{name: "two shells", change: func(s *Scenario) { s.Boot.Shell, s.Boot.RescueShell = true, true }, wantErr: "both put a /bin/sh"},
		{name: "unknown mode", change: func(s *Scenario) { s.Checks.Result = "elsewhere" }, wantErr: `result mode "elsewhere" is unknown`},
		{name: "empty expectation", change: func(s *Scenario) { s.Checks.Expect = []Pattern{{}} }, wantErr: "Expect[0] is empty"},
		{
			name: "wi-fi",
			change: func(s *Scenario) {
				s.Network = wpa2
			},
		},
		{name: "no network", change: func(s *Scenario) { s.Network = nil }, wantErr: "no network"},
		{name: "an NFS root on a board without its NIC", change: func(s *Scenario) { s.Network = NoNetwork{} }, wantErr: "boots no NFS root"},
		{name: "an appliance on a board without its NIC", change: func(s *Scenario) {
			s.Network, s.Boot.Card, s.Checks.Result = NoNetwork{}, &Card{App: true}, guestproto.ModeApp
		}},
		{name: "rekeys over Ethernet", change: func(s *Scenario) { s.Faults = []Fault{Rekey{GroupEvery: 5}} }, wantErr: "rekeys need a Wi-Fi network"},
		{
			name: "rekeys on an open network",
			change: func(s *Scenario) {
				s.Network, s.Faults = WiFi{AP: testbed.AccessPoint{SSID: "x"}, Station: station("x", "")}, []Fault{Rekey{GroupEvery: 5}}
			},
			wantErr: "PMF and rekeying need a pass-phrase",
		},
		{name: "boot folder over Wi-Fi", change: func(s *Scenario) { s.Network, s.Boot.BootFolder = wpa2, true }, wantErr: "boots the folder alone"},
		{
			name:    "bad access point",
			change:  func(s *Scenario) { s.Network = WiFi{Station: station(testSSID, "")} },
			wantErr: `access point: SSID ""`,
		},
		{name: "export not absolute", change: func(s *Scenario) { s.Root.Export = "srv/x" }, wantErr: `root export "srv/x": want a clean absolute path`},
		{name: "export not clean", change: func(s *Scenario) { s.Root.Export = "/srv/x/" }, wantErr: `root export "/srv/x/": want a clean absolute path`},
		{name: "root-path from slirp", change: func(s *Scenario) { s.Network, s.Root.PathFromDHCP = wpa2, true },
			wantErr: "a root-path from DHCP needs the access point's DHCP server"},
		{name: "root-path from the access point", change: func(s *Scenario) {
			s.Network, s.Root, s.Faults = wpa2, Root{Export: "/srv/x", PathFromDHCP: true}, []Fault{ShortLease{Seconds: 20}}
		}},
		{name: "bad hostname", change: func(s *Scenario) {
			w := wpa2
			w.AP.DHCP = &testbed.DHCPServer{LeaseSeconds: 60, Hostname: "a board"}
			s.Network = w
		}, wantErr: `hostname "a board"`},
		{
			name:    "station without network",
			change:  func(s *Scenario) { s.Network = WiFi{AP: wpa2.AP, Station: Station{Config: "country=DE\n"}} },
			wantErr: "station configuration has no network={...} block",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good
			tt.change(&s)
			err := s.Validate(machine.Boards)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestValidateWiFiNeedsNIC(t *testing.T) {
	boards := map[string]machine.Board{"nonic": {Name: "nonic"}}
	s := Scenario{Name: "nonic-wifi", Board: "nonic", Network: wpa2, Checks: Checks{Result: guestproto.ModeNewRoot}, Timeout: time.Minute}
	if err := s.Validate(boards); err == nil || !strings.Contains(err.Error(), "board nonic names no NIC") {
		t.Errorf("Validate() = %v, want a missing NIC error", err)
	}
}

func TestStationConfig(t *testing.T) {
	tests := []struct {
		name string
		st   Station
		want string
	}{
		{name: "wpa2", st: station("net", "secret12"), want: "network={\n\tssid=\"net\"\n\tpsk=\"secret12\"\n}\n"},
		{name: "open, hidden", st: station("net", "", "scan_ssid=1"), want: "network={\n\tssid=\"net\"\n\tkey_mgmt=NONE\n\tscan_ssid=1\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.st.Config != tt.want {
				t.Errorf("station() = %q, want %q", tt.st.Config, tt.want)
			}
		})
	}
}

func TestWiFiScenariosExpectTheAccessPoint(t *testing.T) {
	for _, s := range Scenarios {
		w, ok := s.Network.(WiFi)
		if !ok {
			continue
		}
		up := guestproto.FixtureUpLine(w.AP.SSID, w.AP.ChannelOrDefault())
		if first := s.Checks.Expect[0]; !apUp(w.AP).Match(up+" (2.5 s)") || !(first.Match(up) || first.Match("1.5: wlan1: AP-ENABLED ")) {
			t.Errorf("%s: first expectation %v does not wait for the access point", s.Name, first)
		}
	}
}

func TestValidateScenariosRejectsDuplicates(t *testing.T) {
	s := Scenario{Name: "a", Board: "virt", Network: Ethernet{}, Checks: Checks{Result: guestproto.ModeNewRoot}, Timeout: time.Minute}
	err := ValidateScenarios([]Scenario{s, s}, machine.Boards)
	if err == nil || !strings.Contains(err.Error(), "scenario a is defined twice") {
		t.Errorf("ValidateScenarios() = %v, want a duplicate error", err)
	}
}

// TestDHCPScenarios checks that the scenarios of issue #18 ask the access point's DHCP
// server for what they test: the root-path with no directory on the command line, a
// hostname the guest checks, a NAKed renewal followed by a DISCOVER.
func TestDHCPScenarios(t *testing.T) {
	byName := map[string]Scenario{}
	for _, s := range Scenarios {
		byName[s.Name] = s
	}
	virt := machine.Boards["virt"]
	root := byName["virt-wifi-dhcp-root"]
	bed, ok := root.WiFiBed(virt)
	if !ok || bed.AP.DHCP == nil {
		t.Fatalf("virt-wifi-dhcp-root: no DHCP server of the access point's own")
	}
	if d := bed.AP.DHCP; d.RootPath != root.Root.Export || d.RootPath == "/" || d.Hostname == "" {
		t.Errorf("virt-wifi-dhcp-root: server %+v, export %q; want the export as root-path and a hostname", d, root.Root.Export)
	}
	if cmdline := KernelCmdline(virt, root, Ports{NFS: 2049}); strings.Contains(cmdline, "nfsroot="+machine.HostAddr+":") {
		t.Errorf("virt-wifi-dhcp-root: %s names the root's directory", cmdline)
	}
	nak := byName["virt-wifi-lease-nak"]
	bed, _ = nak.WiFiBed(virt)
	k := nak.Checks.Keeper
	if d := bed.AP.DHCP; d == nil || d.NakRenewals != 1 || k == nil || k.MaxCPUSeconds <= 0 || k.MaxCPUSeconds > maxKeeperCPU ||
		float64(d.LeaseSeconds)/2 >= k.Soak.IOSeconds {
		t.Fatalf("virt-wifi-lease-nak: server %+v, soak %+v; want 1 NAKed renewal within the I/O and a CPU bound of at most maxKeeperCPU", d, k)
	}
	if !nak.RunsAlone() || byName["virt-wifi-lease"].RunsAlone() {
		t.Errorf("virt-wifi-lease-nak runs alone: %v, virt-wifi-lease: %v; want only the one with a CPU bound alone",
			nak.RunsAlone(), byName["virt-wifi-lease"].RunsAlone())
	}
	w := newWatcher(nak.Checks)
	for _, line := range []string{
		guestproto.FixtureUpLine(testSSID, 6), `airroot: timeline {"steps":[]}`,
		"fixture: dhcp: NAK 0.0.0.0 to 02:00:00:00:00:00 (REQUEST from 10.0.2.100:68)",
		"fixture: dhcp: ACK 10.0.2.100 to 02:00:00:00:00:00 (REQUEST from 10.0.2.100:68)",
	} {
		w.Line(line)
	}
	if got := w.observation().Expected; got == len(nak.Checks.Expect) {
		t.Errorf("virt-wifi-lease-nak: a renewal after the NAK met every expectation, want a DISCOVER needed")
	}
	w.Line("fixture: dhcp: OFFER 10.0.2.100 to 02:00:00:00:00:00 (DISCOVER from 255.255.255.255:68)")
	w.Line("fixture: dhcp: ACK 10.0.2.100 to 02:00:00:00:00:00 (REQUEST from 255.255.255.255:68)")
	if got := w.observation().Expected; got != len(nak.Checks.Expect) {
		t.Errorf("virt-wifi-lease-nak: NAK, OFFER, ACK met %d of %d expectations", got, len(nak.Checks.Expect))
	}
}

// TestDnsmasqScenarios: virt-wifi-dnsmasq and raspi1ap-wifi-dnsmasq have dnsmasq send
// the root-path as SERVER:/PATH under an nfsroot= with the server and ganesha's ports
// but no directory, and require dnsmasq's ACK of the pinned address under the name
// the guest checks.
func TestDnsmasqScenarios(t *testing.T) {
	byName := map[string]Scenario{}
	for _, s := range Scenarios {
		byName[s.Name] = s
	}
	for _, board := range []string{"virt", "raspi1ap"} {
		name := board + "-wifi-dnsmasq"
		s, ok := byName[name]
		bed, wifi := s.WiFiBed(machine.Boards[board])
		if !ok || !wifi || bed.AP.DHCP == nil || !bed.AP.DHCP.Dnsmasq {
			t.Errorf("%s: no dnsmasq on the access point's side", name)
			continue
		}
		d := bed.AP.DHCP
		if want := machine.HostAddr + ":" + s.Root.Export; d.RootPath != want || s.Root.Export == "" || d.Hostname == "" || s.Root.Server != Ganesha {
			t.Errorf("%s: server %+v, root %+v; want root-path %s, a hostname, ganesha", name, d, s.Root, want)
		}
		cmdline := KernelCmdline(machine.Boards[board], s, Ports{NFS: 2049, Mount: 20048})
		if !strings.Contains(cmdline, " nfsroot="+machine.HostAddr+",vers=3,proto=tcp,port=2049,mountport=20048,") {
			t.Errorf("%s: %s: want nfsroot= with the server and ports, no directory", name, cmdline)
		}
		ack := "fixture: dnsmasq: dnsmasq-dhcp[9]: 1 DHCPACK(wlan1) " + testbed.PinnedAddr + " " + testbed.StationMAC + " " + d.Hostname
		if !slices.ContainsFunc(s.Checks.Require, func(p Pattern) bool { return p.Match(ack) }) {
			t.Errorf("%s: no requirement matches %q", name, ack)
		}
		if err := bed.FixtureConfig().Validate(); err != nil {
			t.Errorf("%s: fixture configuration: %v", name, err)
		}
	}
}
