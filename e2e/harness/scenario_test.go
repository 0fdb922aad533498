package harness

import (
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

func TestScenariosAreValid(t *testing.T) {
	if err := ValidateScenarios(Scenarios, Boards); err != nil {
		t.Error(err)
	}
}

func TestValidate(t *testing.T) {
	good := Scenario{Name: "virt-x", Board: "virt", ResultMode: guestproto.ModeNewRoot, Timeout: time.Minute}
	tests := []struct {
		name    string
		change  func(*Scenario)
		wantErr string // a substring of the error; "" for none
	}{
		{name: "good", change: func(*Scenario) {}},
		{name: "bad name", change: func(s *Scenario) { s.Name = "Virt X" }, wantErr: `name "Virt X"`},
		{name: "unknown board", change: func(s *Scenario) { s.Board = "pi5" }, wantErr: `board "pi5" is not defined`},
		{name: "no timeout", change: func(s *Scenario) { s.Timeout = 0 }, wantErr: "timeout 0s"},
		{name: "no end", change: func(s *Scenario) { s.ResultMode = "" }, wantErr: "no end condition"},
		{name: "stop pattern without count", change: func(s *Scenario) { s.StopAfter.Pattern = Pattern{"x"} }, wantErr: "StopAfter wants both"},
		{name: "rescue without rd.shell", change: func(s *Scenario) { s.ResultMode, s.RescueShell = guestproto.ModeRescue, true }, wantErr: "needs RescueShell and rd.shell"},
		{
			name: "rescue with rd.shell",
			change: func(s *Scenario) {
				s.ResultMode, s.RescueShell, s.Cmdline = guestproto.ModeRescue, true, []string{"rd.shell"}
			},
		},
		{name: "unknown mode", change: func(s *Scenario) { s.ResultMode = "elsewhere" }, wantErr: `result mode "elsewhere" is unknown`},
		{name: "empty expectation", change: func(s *Scenario) { s.Expect = []Pattern{{}} }, wantErr: "Expect[0] is empty"},
		{
			name: "wi-fi",
			change: func(s *Scenario) {
				s.AccessPoint, s.Station = copyOf(wpa2Network), stationConfig(testSSID, testPassphrase)
			},
		},
		{name: "access point without station", change: func(s *Scenario) { s.AccessPoint = copyOf(wpa2Network) }, wantErr: "needs both AccessPoint and Station"},
		{name: "station without access point", change: func(s *Scenario) { s.Station = &Station{} }, wantErr: "needs both AccessPoint and Station"},
		{
			name:    "bad access point",
			change:  func(s *Scenario) { s.AccessPoint, s.Station = &AccessPoint{}, stationConfig(testSSID, "") },
			wantErr: `access point: SSID ""`,
		},
		{
			name:    "station without network",
			change:  func(s *Scenario) { s.AccessPoint, s.Station = copyOf(wpa2Network), &Station{Config: "country=DE\n"} },
			wantErr: "station configuration has no network={...} block",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good
			tt.change(&s)
			err := s.Validate(Boards)
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
	boards := map[string]Board{"nonic": {Name: "nonic"}}
	s := Scenario{Name: "nonic-wifi", Board: "nonic", ResultMode: guestproto.ModeNewRoot, Timeout: time.Minute,
		AccessPoint: copyOf(wpa2Network), Station: stationConfig(testSSID, testPassphrase)}
	if err := s.Validate(boards); err == nil || !strings.Contains(err.Error(), "board nonic names no NIC") {
		t.Errorf("Validate() = %v, want a missing NIC error", err)
	}
}

func TestStationConfig(t *testing.T) {
	tests := []struct {
		name string
		st   *Station
		want string
	}{
		{name: "wpa2", st: stationConfig("net", "secret12"), want: "network={\n\tssid=\"net\"\n\tpsk=\"secret12\"\n}\n"},
		{name: "open, hidden", st: stationConfig("net", "", "scan_ssid=1"), want: "network={\n\tssid=\"net\"\n\tkey_mgmt=NONE\n\tscan_ssid=1\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.st.Config != tt.want {
				t.Errorf("stationConfig() = %q, want %q", tt.st.Config, tt.want)
			}
		})
	}
}

func TestWiFiScenariosExpectTheAccessPoint(t *testing.T) {
	for _, s := range Scenarios {
		if s.AccessPoint == nil {
			continue
		}
		up := guestproto.FixtureUpLine(s.AccessPoint.SSID, s.AccessPoint.ChannelOrDefault())
		if !apUp(*s.AccessPoint).Match(up+" (2.5 s)") || !(s.Expect[0].Match(up) || s.Expect[0].Match("1.5: wlan1: AP-ENABLED ")) {
			t.Errorf("%s: first expectation %v does not wait for the access point", s.Name, s.Expect[0])
		}
	}
}

func TestValidateScenariosRejectsDuplicates(t *testing.T) {
	s := Scenario{Name: "a", Board: "virt", ResultMode: guestproto.ModeNewRoot, Timeout: time.Minute}
	err := ValidateScenarios([]Scenario{s, s}, Boards)
	if err == nil || !strings.Contains(err.Error(), "scenario a is defined twice") {
		t.Errorf("ValidateScenarios() = %v, want a duplicate error", err)
	}
}
