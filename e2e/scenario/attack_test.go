package scenario

import (
	"strings"
	"testing"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/google/go-cmp/cmp"
)

// injectScenario is a 30 s soak with frame injected after 10 s.
func injectScenario(frame guestproto.AttackFrame) Scenario {
	return attackSoak("virt-test", wpa2, KeeperSoak{}, Inject{At: 10, Frame: frame, Answered: frame == guestproto.FrameEAPOLMessage1})
}

func TestAttackProblems(t *testing.T) {
	good := guestproto.AttackResult{Attack: guestproto.Attack{At: 10, Frame: guestproto.FrameEAPOLMessage1}, StationFrames: 120}
	tests := []struct {
		name     string
		answered bool // the scenario runs without PMF
		edit     func(k *guestproto.Keeper)
		want     []string
	}{
		{name: "silent, link kept", edit: func(*guestproto.Keeper) {}},
		{name: "without PMF, answered in the clear", answered: true, edit: func(k *guestproto.Keeper) {
			k.Attacks[0].ClearEAPOL, k.Attacks[0].FirstClearEAPOL = 1, "EAPOL-Key message 2, replay counter 281474976710656"
		}},
		{name: "without PMF, not answered", answered: true, edit: func(*guestproto.Keeper) {},
			want: []string{"the station did not answer the injected eapol-message-1: without PMF it must take it for an access point restarting the handshake"}},
		{name: "answered in the clear", edit: func(k *guestproto.Keeper) {
			k.Attacks[0].ClearEAPOL, k.Attacks[0].FirstClearEAPOL = 1, "EAPOL-Key message 2, replay counter 281474976710656"
		}, want: []string{"the station answered the injected eapol-message-1 in the clear: 1 unprotected EAPOL frames, " +
			"the first EAPOL-Key message 2, replay counter 281474976710656"}},
		{name: "capture deaf", edit: func(k *guestproto.Keeper) { k.Attacks[0].StationFrames = 0 },
			want: []string{"after the injected eapol-message-1 the capture heard nothing from the station, so it proves nothing"}},
		{name: "not injected", edit: func(k *guestproto.Keeper) { k.Attacks[0].Error = "open the attacker's radio wlan2: no such interface" },
			want: []string{"injected eapol-message-1: open the attacker's radio wlan2: no such interface"}},
		{name: "link lost", edit: func(k *guestproto.Keeper) { k.LinkLost = 1 },
			want: []string{"the keeper lost the link 1 times during a soak with an injected eapol-message-1"}},
		{name: "no report", edit: func(k *guestproto.Keeper) { k.Attacks = nil }, want: []string{"0 injections reported, want 1"}},
	}
	deauth := Inject{At: 10, Frame: guestproto.FrameDeauth}
	k := &guestproto.Keeper{Attacks: []guestproto.AttackResult{{Attack: guestproto.Attack{At: 10, Frame: deauth.Frame}, StationFrames: 9}}}
	if got, want := attackProblems(deauth, k), []string{"the keeper's log shows no SA Query answered after the injected deauth"}; !cmp.Equal(got, want) {
		t.Errorf("attackProblems(forged deauth, no SA Query) = %q, want %q", got, want)
	}
	k.SAQueriesAnswered = 1
	if got := attackProblems(deauth, k); len(got) != 0 {
		t.Errorf("attackProblems(forged deauth, SA Query answered) = %q, want none", got)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &guestproto.Keeper{Attacks: []guestproto.AttackResult{good}}
			tt.edit(k)
			got := attackProblems(Inject{At: 10, Frame: guestproto.FrameEAPOLMessage1, Answered: tt.answered}, k)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("attackProblems() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInjectValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *Scenario)
		want string
	}{
		{name: "valid", edit: func(*Scenario) {}},
		{name: "after the I/O", edit: func(s *Scenario) { s.Faults = []Fault{Inject{At: 30, Frame: guestproto.FrameDeauth}} },
			want: "injection at 30 s is outside the 30 s of I/O"},
		{name: "unknown frame", edit: func(s *Scenario) { s.Faults = []Fault{Inject{At: 1, Frame: "beacon"}} },
			want: `injected frame "beacon": want deauth or eapol-message-1`},
		{name: "message 1 on an open network", edit: func(s *Scenario) {
			s.Network = WiFi{AP: testbed.AccessPoint{SSID: testSSID}, Station: station(testSSID, "")}
		}, want: "an injected EAPOL message 1 needs a WPA2 access point"},
		{name: "message 1 without PMF, not answered", edit: func(s *Scenario) {
			s.Faults = []Fault{Inject{At: 10, Frame: guestproto.FrameEAPOLMessage1}}
		}, want: "an injected EAPOL message 1 with PMF 0: Answered must be true (answered exactly without PMF)"},
		{name: "message 1 with PMF, answered", edit: func(s *Scenario) { s.Network = pmfWPA2 },
			want: "an injected EAPOL message 1 with PMF 2: Answered must be false (answered exactly without PMF)"},
		{name: "no soak", edit: func(s *Scenario) { s.Checks.Keeper = nil },
			want: "injected frames come during a keeper soak: set Checks.Keeper"},
		{name: "first network for no time", edit: func(s *Scenario) { s.Faults = []Fault{FirstNetwork{AP: testbed.AccessPoint{SSID: "x"}}} },
			want: "first network for 0 s: want a positive time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := injectScenario(guestproto.FrameEAPOLMessage1)
			tt.edit(&s)
			var got []string
			for _, f := range s.Faults {
				for _, err := range f.validate(s) {
					got = append(got, err.Error())
				}
			}
			if strings.Join(got, "; ") != tt.want {
				t.Errorf("validate() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAttackScenarios checks that issue 12's scenarios ask the bed and the guest for
// what they claim.
func TestAttackScenarios(t *testing.T) {
	byName := map[string]Scenario{}
	for _, s := range Scenarios {
		byName[s.Name] = s
	}
	virt := machine.Boards["virt"]
	for name, frame := range map[string]guestproto.AttackFrame{
		"virt-wifi-eapol-msg1-injected": guestproto.FrameEAPOLMessage1, "virt-wifi-pmf-forged-deauth": guestproto.FrameDeauth,
	} {
		s := byName[name]
		bed, _ := s.WiFiBed(virt)
		soak := s.soak()
		if !bed.Monitor || soak == nil || soak.Monitor != testbed.MonitorInterface || len(soak.Attacks) != 1 || soak.Attacks[0].Frame != frame {
			t.Errorf("%s: monitor %v, soak %+v; want the attacker's radio injecting %s", name, bed.Monitor, soak, frame)
		}
	}
	forged, _ := byName["virt-wifi-pmf-forged-deauth"].WiFiBed(virt)
	simulated := byName["virt-wifi-pmf-ap-restart-simulated"]
	simulatedBed, _ := simulated.WiFiBed(virt)
	if forged.AP.PMF != 2 || simulatedBed.AP.PMF != 2 || !simulated.soak().DeauthSilently {
		t.Errorf("PMF %d and %d, silent deauthentication %v; want PMF required in both and a silent one", forged.AP.PMF, simulatedBed.AP.PMF, simulated.soak().DeauthSilently)
	}
	// The real restart: hostapd killed and started again by the fixture's child, no
	// deauthentication asked of it.
	restart := byName["virt-wifi-pmf-ap-restart"]
	restartBed, _ := restart.WiFiBed(virt)
	rs := restart.soak()
	if restartBed.AP.PMF != 2 || restartBed.RestartDownSeconds <= 0 || restartBed.FixtureConfig().Restart == nil ||
		len(rs.DeauthAt) != 0 || len(rs.APRestartAt) != 1 || rs.APRestartControl != testbed.APRestartControl {
		t.Errorf("ap-restart: PMF %d, down %v s, soak %+v; want PMF required, a restartable access point, one restart and no deauthentication",
			restartBed.AP.PMF, restartBed.RestartDownSeconds, rs)
	}
	sha, _ := byName["virt-wifi-psk-sha256"].WiFiBed(virt)
	if sha.AP.KeyMgmt != "WPA-PSK-SHA256" || sha.AP.PMF != 2 {
		t.Errorf("psk-sha256: key management %q, PMF %d; want WPA-PSK-SHA256 and 2", sha.AP.KeyMgmt, sha.AP.PMF)
	}
	first, _ := byName["virt-wifi-open-first"].WiFiBed(virt)
	if first.First == nil || first.First.AP.Passphrase != "" || first.First.AP.SSID != first.AP.SSID || first.First.Seconds != 20 {
		t.Errorf("open-first: first network %+v, want an open one on %q for 20 s", first.First, first.AP.SSID)
	}
	packet := byName["virt-wifi-eapol-packet"]
	if !packet.hasParam("airroot.wifi.eapol") || packet.Checks.Keeper.MinPairwiseRekeys < 1 {
		t.Errorf("eapol-packet: command line %q, %d pairwise rekeys; want airroot.wifi.eapol=packet and one", packet.Boot.Cmdline, packet.Checks.Keeper.MinPairwiseRekeys)
	}
}
