package scenario

import (
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/google/go-cmp/cmp"
)

func TestRestartProblems(t *testing.T) {
	restart := attackSoak("virt-test", pmfWPA2, KeeperSoak{}, APRestart{At: 10, DownSeconds: 5, MaxReconnect: 30 * time.Second})
	crash := keeperSoak("virt-test", KeeperSoak{Soak: guestproto.Soak{IOSeconds: 60}}, WorkerCrash{At: 15, MaxBack: 10 * time.Second})
	good := guestproto.Replaced{At: 10, PIDBefore: 84, PIDAfter: 135, BackSeconds: 5.2}
	tests := []struct {
		name string
		s    Scenario
		k    guestproto.Keeper
		want []string
	}{
		{name: "restarted and noticed", s: restart, k: guestproto.Keeper{APRestarts: []guestproto.Replaced{good}, LinkLost: 1}},
		{name: "restart unnoticed", s: restart, k: guestproto.Keeper{APRestarts: []guestproto.Replaced{good}},
			want: []string{"the keeper never lost the link: the access point's restart went unnoticed"}},
		{name: "same hostapd", s: restart, k: guestproto.Keeper{APRestarts: []guestproto.Replaced{{PIDBefore: 84, PIDAfter: 84}}, LinkLost: 1},
			want: []string{"hostapd, kill 1: pid 84 before, 84 after: want two processes"}},
		{name: "hostapd slow", s: restart, k: guestproto.Keeper{APRestarts: []guestproto.Replaced{{PIDBefore: 84, PIDAfter: 90, BackSeconds: 40}}, LinkLost: 1},
			want: []string{"hostapd, kill 1: back after 40.0 s, want at most 35s"}},
		{name: "restart not asked", s: restart, k: guestproto.Keeper{LinkLost: 1}, want: []string{"0 kills of hostapd reported, want 1"}},
		{name: "worker replaced", s: crash, k: guestproto.Keeper{WorkerCrashes: []guestproto.Replaced{good}}},
		{name: "worker not replaced", s: crash, k: guestproto.Keeper{WorkerCrashes: []guestproto.Replaced{{PIDBefore: 90, Error: "no new process after 1m0s"}}},
			want: []string{"the keeper's worker, kill 1: no new process after 1m0s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, restartProblems(tt.s, &tt.k)); diff != "" {
				t.Errorf("restartProblems() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRestartFaultsValidate(t *testing.T) {
	crash := func(f WorkerCrash, cmdline ...string) Scenario {
		s := keeperSoak("virt-test", KeeperSoak{Soak: guestproto.Soak{IOSeconds: 60}}, f)
		s.Boot.Cmdline = cmdline
		return s
	}
	tests := []struct {
		name    string
		s       Scenario
		wantErr string
	}{
		{name: "restart", s: attackSoak("virt-test", pmfWPA2, KeeperSoak{}, APRestart{At: 10, DownSeconds: 5, MaxReconnect: time.Second})},
		{name: "restart after the I/O", s: attackSoak("virt-test", pmfWPA2, KeeperSoak{}, APRestart{At: 30, DownSeconds: 5, MaxReconnect: time.Second}),
			wantErr: "access point restart at 30 s is outside the 30 s of I/O"},
		{name: "restart with no time down", s: attackSoak("virt-test", pmfWPA2, KeeperSoak{}, APRestart{At: 10, MaxReconnect: time.Second}),
			wantErr: "an access point restart needs DownSeconds (0)"},
		{name: "crash", s: crash(WorkerCrash{At: 15, MaxBack: time.Second}, panicTestArg)},
		{name: "crash unarmed", s: crash(WorkerCrash{At: 15, MaxBack: time.Second}),
			wantErr: "a keeper crash needs AIRROOT_TEST_KEEPER_PANIC=1 on the kernel command line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs []string
			for _, f := range tt.s.Faults {
				for _, err := range f.validate(tt.s) {
					errs = append(errs, err.Error())
				}
			}
			got := strings.Join(errs, "\n")
			if (tt.wantErr == "") != (got == "") || !strings.Contains(got, tt.wantErr) {
				t.Errorf("validate() = %q, want %q", got, tt.wantErr)
			}
		})
	}
}

// TestCrashSoak: the crash scenario arms the panic test, asks the guest for the crash
// and wants the supervisor's lines on the console.
func TestCrashSoak(t *testing.T) {
	s := crashSoak()
	soak := s.soak()
	if !s.hasParam(panicTestArg) || soak == nil || len(soak.WorkerCrashAt) != 1 || len(s.Checks.Require) < 3 {
		t.Errorf("crash soak: command line %q, soak %+v, %d required lines; want the panic test armed, one crash, the supervisor's lines",
			s.Boot.Cmdline, soak, len(s.Checks.Require))
	}
}
