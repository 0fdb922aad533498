package scenario

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
)

func TestBadDayFaultsValidate(t *testing.T) {
	soak := func(io float64, faults ...Fault) Scenario {
		return keeperSoak("virt-test", KeeperSoak{Soak: guestproto.Soak{IOSeconds: io}}, faults...)
	}
	withDHCP := soak(60, Roam{At: 10, Channel: 1, MaxReconnect: time.Second}, ShortLease{Seconds: 20})
	growth := soak(60)
	growth.Checks.Keeper.MaxRSSGrowthKiB = 1024
	tests := []struct {
		name    string
		s       Scenario
		wantErr string
	}{
		{name: "the scenarios", s: soak(60)},
		{name: "nfs restart", s: soak(60, NFSRestart{At: 10, DownSeconds: 20, MaxStall: time.Minute})},
		{name: "nfs restart with a stall bound under its time down", s: soak(60, NFSRestart{At: 10, DownSeconds: 20, MaxStall: 10 * time.Second}),
			wantErr: "an NFS server restart needs DownSeconds (20) and a MaxStall (10s) longer"},
		{name: "nfs restart after the I/O", s: soak(60, NFSRestart{At: 70, DownSeconds: 20, MaxStall: time.Minute}),
			wantErr: "NFS server restart at 70 s is outside the 60 s of I/O"},
		{name: "nfs restart of a dead server", s: soak(60, NFSRestart{At: 10, DownSeconds: 20, MaxStall: time.Minute}, DeadNFS{}),
			wantErr: "nothing listens to restart"},
		{name: "access point back on its own channel", s: soak(60, APRestart{At: 10, DownSeconds: 30, MaxReconnect: time.Minute, NewChannel: 6}),
			wantErr: "an access point restart on channel 6: want another"},
		{name: "access point back on channel 14", s: soak(60, APRestart{At: 10, DownSeconds: 30, MaxReconnect: time.Minute, NewChannel: 14}),
			wantErr: "an access point restart on channel 14"},
		{name: "roam", s: soak(60, Roam{At: 10, Channel: 1, MaxReconnect: time.Second})},
		{name: "roam to the same channel", s: soak(60, Roam{At: 10, Channel: 6, MaxReconnect: time.Second}),
			wantErr: "a second access point on channel 6"},
		{name: "roam with a DHCP server", s: withDHCP, wantErr: "no access point restart, injection or DHCP server beside it"},
		{name: "roam with an attacker", s: soak(60, Roam{At: 10, Channel: 1, MaxReconnect: time.Second}, Inject{At: 5, Frame: guestproto.FrameDeauth}),
			wantErr: "no access point restart, injection or DHCP server beside it"},
		{name: "memory bound without samples", s: growth, wantErr: "set Soak.SampleEverySeconds"},
		{name: "the router restart", s: routerRestartSoak()},
		{name: "bindings forgotten without a DHCP server", s: soak(60, APRestart{At: 10, DownSeconds: 5, MaxReconnect: time.Minute, DHCPForgets: true}),
			wantErr: "bindings forgotten at an access point restart need the access point's DHCP server"},
		{name: "the pulled cable", s: cableSoak()},
		{name: "a cable pulled from a Wi-Fi board", s: soak(60, CablePull{At: 10, DownSeconds: 5}),
			wantErr: "a pulled cable needs a wired network"},
		{name: "a cable pulled for no time", s: func() Scenario { s := cableSoak(); s.Faults = []Fault{CablePull{At: 10}}; return s }(),
			wantErr: "a pulled cable needs DownSeconds (0)"},
		{name: "a cable pulled after the I/O", s: func() Scenario {
			s := cableSoak()
			s.Faults = []Fault{CablePull{At: cableSoakSeconds, DownSeconds: 5}}
			return s
		}(), wantErr: "pulled cable at 30 s is outside the 30 s of I/O"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			if err := tt.s.Validate(machine.Boards); err != nil {
				got = err.Error()
			}
			if (tt.wantErr == "") != (got == "") || !strings.Contains(got, tt.wantErr) {
				t.Errorf("validate() = %q, want %q", got, tt.wantErr)
			}
		})
	}
}

// TestBadDayScenarios: the bad days are in the table, valid, and the long soak's
// length follows the environment.
func TestBadDayScenarios(t *testing.T) {
	names := map[string]bool{}
	for _, s := range badDayScenarios() {
		if err := s.Validate(machine.Boards); err != nil {
			t.Error(err)
		}
		names[s.Name] = true
	}
	for _, want := range []string{"virt-wifi-nfs-restart", "virt-wifi-ap-moves", "virt-wifi-roam", "virt-wifi-long-soak"} {
		if !names[want] {
			t.Errorf("bad days lack %s", want)
		}
	}
	tests := []struct {
		env  string
		want float64
	}{{"", 600}, {"90", 90}, {"-5", 600}, {"ten", 600}}
	for _, tt := range tests {
		s := longSoak(longSoakLength(tt.env))
		if got := s.Checks.Keeper.Soak.IOSeconds; got != tt.want || s.Timeout <= time.Duration(tt.want)*time.Second {
			t.Errorf("long soak with %s=%q: %v s of I/O, timeout %v; want %v s and more", LongSoakEnv, tt.env, got, s.Timeout, tt.want)
		}
	}
	roam := roamSoak()
	bed, _ := roam.WiFiBed(machine.Boards["virt"])
	if soak := roam.soak(); bed.SecondChannel != roamChannel || len(soak.SwitchOffControls) != 2 || len(soak.SwitchOffAt) != 1 {
		t.Errorf("roam: second channel %d, soak %+v; want channel %d and a switch-off among two", bed.SecondChannel, soak, roamChannel)
	}
}

func ptr(v float64) *float64 { return &v }

func TestBadDays(t *testing.T) {
	io := guestproto.IO{Files: 100, Verified: 99, Errors: 1, LongestStallSeconds: 23.4}
	moved := keeperSoak("virt-test", KeeperSoak{}, APRestart{At: 10, DownSeconds: 30, MaxReconnect: time.Minute, NewChannel: 11})
	nfs := keeperSoak("virt-test", KeeperSoak{}, NFSRestart{At: 10, DownSeconds: 20, MaxStall: time.Minute})
	roam := keeperSoak("virt-test", KeeperSoak{}, Roam{At: 10, Channel: 1, MaxReconnect: time.Minute})
	tests := []struct {
		name string
		s    Scenario
		obs  observation
		want []BadDay
	}{
		{name: "access point back on another channel", s: moved,
			obs: observation{Result: &guestproto.Result{Keeper: &guestproto.Keeper{IO: io,
				Reconnects: []guestproto.Reconnect{{ReconnectedSeconds: ptr(36.5), KeeperSays: "34.2s to 02:00:00:00:01:00", IOResumedSeconds: ptr(58.9)}},
				APRestarts: []guestproto.Replaced{{BackSeconds: 30.1}}}}},
			want: []BadDay{{Fault: "access point down 30 s, back on channel 11", OutageSeconds: ptr(34.2), RecoverySeconds: ptr(6.4),
				IOResumedSeconds: ptr(28.8), IOErrors: 1, FilesLost: 1}}},
		{name: "nfs server restarted", s: nfs,
			obs: observation{NFSRestart: &NFSOutage{StoppedAtSeconds: 10, DownSeconds: 20.1},
				Result: &guestproto.Result{Keeper: &guestproto.Keeper{IO: io}}},
			want: []BadDay{{Fault: "NFS server down 20 s", OutageSeconds: ptr(20.1), RecoverySeconds: ptr(3.3), IOResumedSeconds: ptr(3.3), IOErrors: 1, FilesLost: 1}}},
		{name: "roam", s: roam,
			obs: observation{Result: &guestproto.Result{Keeper: &guestproto.Keeper{IO: io,
				Reconnects: []guestproto.Reconnect{{ReconnectedSeconds: ptr(4.5), KeeperSays: "2.5s to 02:00:00:00:02:00", IOResumedSeconds: ptr(9.25)}}}}},
			want: []BadDay{{Fault: "access point in use switched off, the other on channel 1", OutageSeconds: ptr(2.5), RecoverySeconds: ptr(4.5),
				IOResumedSeconds: ptr(9.3), IOErrors: 1, FilesLost: 1}}},
		{name: "roam from the second", s: roam,
			obs: observation{Result: &guestproto.Result{Keeper: &guestproto.Keeper{IO: io, SwitchedOff: []string{testbed.SecondHostapdCtrl},
				Reconnects: []guestproto.Reconnect{{ReconnectedSeconds: ptr(6.6), KeeperSays: "1.2s to 02:00:00:00:01:00", IOResumedSeconds: ptr(0.2)}}}}},
			want: []BadDay{{Fault: "access point in use switched off, the other on channel 6", OutageSeconds: ptr(1.2), RecoverySeconds: ptr(6.6),
				IOResumedSeconds: ptr(0.2), IOErrors: 1, FilesLost: 1}}},
		{name: "no guest result", s: nfs, obs: observation{NFSRestart: &NFSOutage{DownSeconds: 20}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, badDays(tt.s, tt.obs)); diff != "" {
				t.Errorf("badDays() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSoakFiguresAndGrowth(t *testing.T) {
	samples := []guestproto.Sample{{AtSeconds: 1, VmRSSKiB: 11000}, {AtSeconds: 61, VmRSSKiB: 11100, CPUSeconds: 0.7},
		{AtSeconds: 121, VmRSSKiB: 11200, CPUSeconds: 1.3}, {AtSeconds: 150, VmRSSKiB: 13200, CPUSeconds: 1.6}}
	k := &guestproto.Keeper{Samples: samples, IO: guestproto.IO{Seconds: 150}}
	got := soakFigures(observation{Result: &guestproto.Result{Keeper: k}})
	want := &SoakFigures{IOSeconds: 150, RSSStartKiB: 11000, RSSEndKiB: 13200, CPUFirstSeconds: 0.7, CPULastSeconds: 0.6, WindowSeconds: 60}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("soakFigures() (-want +got):\n%s", diff)
	}
	tests := []struct {
		name  string
		bound int64
		k     *guestproto.Keeper
		want  string
	}{
		{name: "no bound", k: k},
		{name: "within", bound: 2200, k: k},
		{name: "grown", bound: 2048, k: k, want: "the keeper's VmRSS grew 2200 KiB over 150 s (11000 -> 13200 KiB), want at most 2048"},
		{name: "no samples", bound: 2048, k: &guestproto.Keeper{}, want: "0 samples of the keeper's memory, want at least 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(growthProblems(&KeeperSoak{MaxRSSGrowthKiB: tt.bound}, tt.k), "; ")
			if got != tt.want {
				t.Errorf("growthProblems() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRoamProblems(t *testing.T) {
	s := keeperSoak("virt-test", KeeperSoak{}, Roam{At: 10, Channel: 1, MaxReconnect: time.Minute})
	reconnected := func(says string) []guestproto.Reconnect { return []guestproto.Reconnect{{KeeperSays: says}} }
	tests := []struct {
		name string
		k    guestproto.Keeper
		want string
	}{
		{name: "first off, on the second", k: guestproto.Keeper{SwitchedOff: []string{testbed.HostapdCtrl},
			Reconnects: reconnected(`1s to 02:00:00:00:02:00 ("airroot-e2e", 2412 MHz), attempt 2`)}},
		{name: "second off, on the first", k: guestproto.Keeper{SwitchedOff: []string{testbed.SecondHostapdCtrl},
			Reconnects: reconnected(`1s to 02:00:00:00:01:00 ("airroot-e2e", 2437 MHz), attempt 2`)}},
		{name: "back on the one switched off", k: guestproto.Keeper{SwitchedOff: []string{testbed.HostapdCtrl},
			Reconnects: reconnected(`1s to 02:00:00:00:01:00 ("airroot-e2e", 2437 MHz), attempt 2`)},
			want: "want to the other on 2412 MHz"},
		{name: "none switched off", k: guestproto.Keeper{SwitchedOff: []string{""}}, want: "want one access point"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(roamProblems(s, &tt.k), "; ")
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("roamProblems() = %q, want %q", got, tt.want)
			}
		})
	}
}
