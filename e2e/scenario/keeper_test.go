package scenario

import (
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/google/go-cmp/cmp"
)

func secondsPtr(v float64) *float64 { return &v }

// goodKeeper meets every requirement of soakWant.
func goodKeeper() *guestproto.Keeper {
	return &guestproto.Keeper{
		PID: 107, Argv0: "@airroot", VmRSSKiB: 5120, RSSAtSeconds: 61, CPUSeconds: 0.02, WindowSeconds: 60, IdleWindow: true,
		GroupRekeys: 12, PairwiseRekeys: 4, LinkLost: 2,
		Reconnects: []guestproto.Reconnect{
			{DeauthAt: 40, ReconnectedSeconds: secondsPtr(3.2), IOResumedSeconds: secondsPtr(4.1)},
			{DeauthAt: 65, ReconnectedSeconds: secondsPtr(2.9), IOResumedSeconds: secondsPtr(3.3)},
		},
		Renewals: 5, Addresses: []string{"10.0.2.100"},
		IO: guestproto.IO{Seconds: 60.2, Files: 300, Bytes: 300 << 16, Verified: 300},
	}
}

var soakWant = KeeperSoak{
	Soak:      guestproto.Soak{IOSeconds: 60, IdleSeconds: 60},
	MinRekeys: 10, MinGroupRekeys: 1, MinPairwiseRekeys: 1, MinRenewals: 3, MaxCPUSeconds: 0.1,
}

// soakScenario is wifiScenario soaking the keeper as soakWant says, deauthenticated twice.
func soakScenario() Scenario {
	s := wifiScenario
	want := soakWant
	s.Checks.Keeper = &want
	s.Faults = []Fault{Deauth{At: []float64{15, 40}, MaxReconnect: 10 * time.Second}}
	return s
}

func TestKeeperProblems(t *testing.T) {
	s := soakScenario()
	tests := []struct {
		name string
		edit func(k *guestproto.Keeper)
		nil_ bool // the guest sent no keeper figures
		want []string
	}{
		{name: "all met", edit: func(*guestproto.Keeper) {}},
		{name: "no figures", nil_: true, want: []string{"the guest reported no keeper figures"}},
		{name: "argv0 without @", edit: func(k *guestproto.Keeper) { k.Argv0 = "airroot" },
			want: []string{`keeper pid 107 has argv[0] "airroot", want it to start with '@'`}},
		{name: "I/O errors and unverified files", edit: func(k *guestproto.Keeper) {
			k.IO.Errors, k.IO.FirstError, k.IO.Verified = 2, "write /e2e/soak/f00003: input/output error", 298
		}, want: []string{"2 I/O errors on the NFS root, the first: write /e2e/soak/f00003: input/output error",
			"298 of 300 files written verified afterwards"}},
		{name: "I/O too short", edit: func(k *guestproto.Keeper) { k.IO.Seconds = 12 },
			want: []string{"file I/O ran 12.0 s, want 60 s"}},
		{name: "no files", edit: func(k *guestproto.Keeper) { k.IO.Files, k.IO.Verified = 0, 0 },
			want: []string{"the guest wrote no file on the NFS root"}},
		{name: "nine rekeys", edit: func(k *guestproto.Keeper) { k.GroupRekeys, k.PairwiseRekeys = 8, 1 },
			want: []string{"keeper logged 9 rekeys (8 group, 1 pairwise), want at least 10"}},
		{name: "no pairwise rekey", edit: func(k *guestproto.Keeper) { k.GroupRekeys, k.PairwiseRekeys = 12, 0 },
			want: []string{"keeper logged 0 pairwise rekeys, want at least 1"}},
		{name: "slow reconnect", edit: func(k *guestproto.Keeper) { k.Reconnects[1].ReconnectedSeconds = secondsPtr(10.5) },
			want: []string{"deauthentication 2: the keeper reconnected after 10.5 s, want at most 10s"}},
		{name: "no reconnect logged, I/O never resumed", edit: func(k *guestproto.Keeper) {
			k.Reconnects[0].ReconnectedSeconds, k.Reconnects[0].IOResumedSeconds = nil, nil
		}, want: []string{"deauthentication 1: the keeper never logged a reconnection", "deauthentication 1: file I/O never resumed"}},
		{name: "deauthentication refused", edit: func(k *guestproto.Keeper) {
			k.Reconnects[0] = guestproto.Reconnect{Error: `hostapd answered "FAIL" to DEAUTHENTICATE 02:00:00:00:00:00`}
		}, want: []string{`deauthentication 1: hostapd answered "FAIL" to DEAUTHENTICATE 02:00:00:00:00:00`}},
		{name: "one deauthentication missing", edit: func(k *guestproto.Keeper) { k.Reconnects = k.Reconnects[:1] },
			want: []string{"1 outages (deauthentications, access point restarts) reported, want 2"}},
		{name: "two renewals", edit: func(k *guestproto.Keeper) { k.Renewals = 2 },
			want: []string{"keeper renewed the lease 2 times, want at least 3"}},
		{name: "address changed", edit: func(k *guestproto.Keeper) { k.Addresses = []string{"10.0.2.100", "10.0.2.101"} },
			want: []string{"the address changed: 10.0.2.100 -> 10.0.2.101"}},
		{name: "no address", edit: func(k *guestproto.Keeper) { k.Addresses = nil },
			want: []string{"the keeper's log named no address"}},
		{name: "no memory or idle CPU figure", edit: func(k *guestproto.Keeper) { k.VmRSSKiB, k.IdleWindow = 0, false },
			want: []string{"no VmRSS figure for the keeper", "no CPU figure over an idle window"}},
		{name: "CPU at the bound", edit: func(k *guestproto.Keeper) { k.CPUSeconds = 0.1 },
			want: []string{"the keeper used 0.10 s of CPU over 60 s, want under 0.1 s"}},
		{name: "a busy loop's CPU", edit: func(k *guestproto.Keeper) { k.CPUSeconds, k.WindowSeconds = 42.7, 60.3 },
			want: []string{"the keeper used 42.70 s of CPU over 60 s, want under 0.1 s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := goodKeeper()
			if tt.nil_ {
				k = nil
			} else {
				tt.edit(k)
			}
			obs := observation{Result: &guestproto.Result{Mode: guestproto.ModeNewRoot, Pass: true, Keeper: k}}
			if diff := cmp.Diff(tt.want, keeperProblems(s, obs)); diff != "" {
				t.Errorf("keeperProblems() (-want +got):\n%s", diff)
			}
		})
	}
}

// TestJudgeKeeper checks that a soak's shortfall fails the scenario as a whole.
func TestJudgeKeeper(t *testing.T) {
	s := soakScenario()
	k := goodKeeper()
	k.Renewals = 0
	obs := observation{Expected: 2, APUp: true, Timeline: &machine.Timeline{Steps: []machine.Step{{Name: "wifi"}}},
		Result: &guestproto.Result{Mode: guestproto.ModeNewRoot, Pass: true, Keeper: k}}
	if got := judge(s, obs, machine.End{Reason: machine.EndExited}); !strings.Contains(got, "keeper renewed the lease 0 times") {
		t.Errorf("judge() = %q, want the renewals named", got)
	}
	obs.Result.Keeper = goodKeeper()
	if got := judge(s, obs, machine.End{Reason: machine.EndExited}); got != "" {
		t.Errorf("judge() = %q, want a pass", got)
	}
	s.Checks.Keeper, s.Faults = nil, nil
	obs.Result.Keeper = nil
	if got := judge(s, obs, machine.End{Reason: machine.EndExited}); got != "" {
		t.Errorf("judge() without a soak = %q, want a pass", got)
	}
}

func TestKeeperSoakValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *Scenario)
		want string
	}{
		{name: "valid", edit: func(*Scenario) {}},
		{name: "deauth outside the I/O", edit: func(s *Scenario) { s.Faults = []Fault{Deauth{At: []float64{75}, MaxReconnect: time.Second}} },
			want: "deauthentication at 75 s is outside the 60 s of I/O"},
		{name: "deauth without a bound", edit: func(s *Scenario) { s.Faults = []Fault{Deauth{At: []float64{15}}} },
			want: "deauthentications need MaxReconnect"},
		{name: "deauth over Ethernet", edit: func(s *Scenario) { s.Network = Ethernet{} },
			want: "deauthentications need a Wi-Fi network"},
		{name: "deauth without a soak", edit: func(s *Scenario) { s.Checks.Keeper = nil },
			want: "deauthentications happen during a keeper soak: set Checks.Keeper"},
		{name: "rescue mode", edit: func(s *Scenario) { s.Checks.Result = guestproto.ModeRescue },
			want: "a keeper soak needs result mode new-root"},
		{name: "negative CPU bound", edit: func(s *Scenario) { s.Checks.Keeper.MaxCPUSeconds = -1 },
			want: "a CPU bound of -1 s: want 0 (none) or more"},
		{name: "NAKs with a short lease", edit: func(s *Scenario) { s.Faults = []Fault{ShortLease{Seconds: 60}, DHCPNak{Renewals: 1}} }},
		{name: "NAKs from the access point's own server", edit: func(s *Scenario) {
			w := s.Network.(WiFi)
			w.AP.DHCP = &testbed.DHCPServer{LeaseSeconds: 60}
			s.Network, s.Faults = w, []Fault{DHCPNak{Renewals: 2}}
		}},
		{name: "NAKs from slirp", edit: func(s *Scenario) { s.Faults = []Fault{DHCPNak{Renewals: 1}} },
			want: "DHCP NAKs need the access point's DHCP server: set ShortLease or WiFi.AP.DHCP"},
		{name: "NAKs without a soak", edit: func(s *Scenario) {
			s.Checks.Keeper, s.Faults = nil, []Fault{ShortLease{Seconds: 60}, DHCPNak{Renewals: 1}}
		}, want: "DHCP NAKs strike at renewals, during a keeper soak: set Checks.Keeper"},
		{name: "no NAK", edit: func(s *Scenario) { s.Faults = []Fault{ShortLease{Seconds: 60}, DHCPNak{}} },
			want: "DHCP NAKs at 0 renewals: want at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := soakScenario()
			tt.edit(&s)
			var errs []error
			if s.Checks.Keeper != nil {
				errs = s.Checks.Keeper.validate(s)
			}
			for _, f := range s.Faults {
				errs = append(errs, f.validate(s)...)
			}
			var got []string
			for _, err := range errs {
				got = append(got, err.Error())
			}
			if strings.Join(got, "; ") != tt.want {
				t.Errorf("validate() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestKeeperScenarios checks the soaks' requirements are those of issue #4.
func TestKeeperScenarios(t *testing.T) {
	byName := map[string]Scenario{}
	for _, s := range Scenarios {
		byName[s.Name] = s
	}
	rekey, deauth, lease, idle := byName["virt-wifi-rekey"], byName["virt-wifi-deauth"], byName["virt-wifi-lease"], byName["virt-wifi-idle"]
	for _, s := range []Scenario{rekey, deauth, lease, idle} {
		if s.Checks.Keeper == nil {
			t.Fatalf("scenario %q has no keeper soak", s.Name)
		}
		if s.Checks.Keeper.Soak.RSSAfterSeconds < 60 {
			t.Errorf("%s reads VmRSS after %v s, want >= 60", s.Name, s.Checks.Keeper.Soak.RSSAfterSeconds)
		}
	}
	for _, s := range []Scenario{rekey, deauth, lease} {
		if s.Checks.Keeper.Soak.IOSeconds < 60 {
			t.Errorf("%s does I/O for %v s, want >= 60", s.Name, s.Checks.Keeper.Soak.IOSeconds)
		}
	}
	virt := machine.Boards["virt"]
	rekeyBed, _ := rekey.WiFiBed(virt)
	if ap := rekeyBed.AP; ap.GroupRekey != 5 || ap.PTKRekey != 15 || rekey.Checks.Keeper.MinRekeys < 10 {
		t.Errorf("rekey: group %d s, PTK %d s, at least %d rekeys; want 5, 15, 10", ap.GroupRekey, ap.PTKRekey, rekey.Checks.Keeper.MinRekeys)
	}
	if d, _ := findFault[Deauth](deauth); len(d.At) != 2 || d.MaxReconnect != 10*time.Second || len(deauth.soak().DeauthAt) != 2 {
		t.Errorf("deauth: %v deauthentications within %v, want 2 within 10s", d.At, d.MaxReconnect)
	}
	leaseBed, _ := lease.WiFiBed(virt)
	if d := leaseBed.AP.DHCP; d == nil || d.LeaseSeconds > 30 || lease.Checks.Keeper.MinRenewals < 3 {
		t.Errorf("lease: server %+v, %d renewals; want a short lease and >= 3", d, lease.Checks.Keeper.MinRenewals)
	}
	if idle.Checks.Keeper.Soak.IdleSeconds < 60 {
		t.Errorf("idle: %v s idle, want >= 60", idle.Checks.Keeper.Soak.IdleSeconds)
	}
}

// TestDHCPOutageProblems: a soak that names spells of DHCP trouble wants that many,
// each ended by a lease in time; one that names none judges none.
func TestDHCPOutageProblems(t *testing.T) {
	nak := KeeperSoak{DHCPOutages: 1, MaxDHCPRecovery: 5 * time.Second}
	outage := func(recovered *float64) guestproto.DHCPOutage {
		return guestproto.DHCPOutage{At: 53.8, Trouble: "dhcp: renew of 10.0.2.100 on wlan0: NAK", RecoveredSeconds: recovered}
	}
	tests := []struct {
		name string
		want KeeperSoak
		got  []guestproto.DHCPOutage
		prob []string
	}{
		{name: "recovered in time", want: nak, got: []guestproto.DHCPOutage{outage(secondsPtr(0.15))}},
		{name: "none asked, one seen", want: KeeperSoak{}, got: []guestproto.DHCPOutage{outage(nil)}},
		{name: "none seen", want: nak, prob: []string{"0 spells of DHCP trouble during the I/O, want 1: []"}},
		{name: "never recovered", want: nak, got: []guestproto.DHCPOutage{outage(nil)},
			prob: []string{`DHCP trouble 1 ("dhcp: renew of 10.0.2.100 on wlan0: NAK"): no lease taken after it during the I/O`}},
		{name: "too slow", want: nak, got: []guestproto.DHCPOutage{outage(secondsPtr(7.5))},
			prob: []string{`DHCP trouble 1 ("dhcp: renew of 10.0.2.100 on wlan0: NAK"): a lease 7.5 s later, want at most 5s`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.prob, dhcpOutageProblems(&tt.want, tt.got)); diff != "" {
				t.Errorf("dhcpOutageProblems() (-want +got):\n%s", diff)
			}
		})
	}
}
