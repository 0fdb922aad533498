package scenario

import (
	"testing"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestPatternMatch(t *testing.T) {
	tests := []struct {
		name string
		p    Pattern
		line string
		want bool
	}{
		{name: "one part", p: Pattern{"waiting for"}, line: "airroot: nfs: waiting for NFS server", want: true},
		{name: "parts in order", p: Pattern{"airroot: ", "/sbin/init"}, line: "airroot: no /sbin/init in the NFS root", want: true},
		{name: "parts out of order", p: Pattern{"/sbin/init", "airroot: "}, line: "airroot: no /sbin/init", want: false},
		{name: "printk in between", p: Pattern{"airroot: ", "waiting for"}, line: "airroot: nfs: [    3.2] virtio_net eth0: up waiting for", want: true},
		{name: "missing part", p: Pattern{"airroot: ", "dhcp"}, line: "airroot: nfs", want: false},
		{name: "same part twice needs two", p: Pattern{"a", "a"}, line: "a", want: false},
		{name: "empty pattern matches", p: Pattern{}, line: "x", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Match(tt.line); got != tt.want {
				t.Errorf("%v.Match(%q) = %v, want %v", tt.p, tt.line, got, tt.want)
			}
		})
	}
}

var retryScenario = Scenario{
	Name: "retry", Board: "virt", Timeout: 1, Network: Ethernet{},
	Checks: Checks{
		Expect:    []Pattern{{"airroot: "}, {"airroot: ", "link"}},
		StopAfter: Repeat{Pattern: Pattern{"airroot: ", "waiting for"}, Count: 2},
	},
}

func TestWatcher(t *testing.T) {
	tests := []struct {
		name  string
		s     Scenario
		lines []string
		want  observation
	}{
		{
			name: "retries counted, expectations in order",
			s:    retryScenario,
			lines: []string{
				"[    2.0] Run /init as init process\r\n",
				"airroot: link: eth0 up\r\n",
				"airroot: nfs: waiting for NFS server 10.0.2.2 port 1 (attempt 1, next in 1s)\r\n",
				"[    5.0] random printk waiting for nothing\n",
				"airroot: nfs: waiting for NFS server 10.0.2.2 port 1 (attempt 2, next in 2s)",
			},
			want: observation{Expected: 2, Repeats: 2, LastAirroot: "airroot: nfs: waiting for NFS server 10.0.2.2 port 1 (attempt 2, next in 2s)"},
		},
		{
			name:  "later expectation first does not count",
			s:     retryScenario,
			lines: []string{"nothing", "[ 1.0] link up"},
			want:  observation{},
		},
		{
			name: "timeline and result",
			s:    Scenario{Name: "ok", Board: "virt", Network: Ethernet{}, Checks: Checks{Result: guestproto.ModeNewRoot}},
			lines: []string{
				`airroot: timeline {"steps":[{"name":"dhcp","start":2.5,"end":3}]}` + "\r\n",
				"\r\n",
				`AIRROOT-E2E-RESULT {"scenario":"ok","mode":"new-root","pass":true,"uptime_seconds":4.5}` + "\r\n",
			},
			want: observation{
				Timeline:    &machine.Timeline{Steps: []machine.Step{{Name: "dhcp", Start: 2.5, End: 3}}},
				Result:      &guestproto.Result{Scenario: "ok", Mode: guestproto.ModeNewRoot, Pass: true, UptimeSeconds: 4.5},
				LastAirroot: `airroot: timeline {"steps":[{"name":"dhcp","start":2.5,"end":3}]}`,
			},
		},
		{
			name: "fixture lines",
			s:    Scenario{Name: "wifi", Board: "virt", Network: WiFi{AP: testbed.AccessPoint{SSID: "x"}}},
			lines: []string{
				"fixture: modules: loaded module bridge (asked for)\r\n",
				"[ 5.1] br0: port 1(eth0) entered forwarding state\r\n",
				`fixture: access point "x" up on channel 6 (3.1 s)` + "\r\n",
				"fixture: scratch line after the announcement\r\n",
			},
			want: observation{APUp: true, LastFixture: "fixture: scratch line after the announcement"},
		},
		{
			name:  "fixture failed",
			s:     Scenario{Name: "wifi", Board: "virt", Network: WiFi{AP: testbed.AccessPoint{SSID: "x"}}},
			lines: []string{"fixture: hostapd /e2e/hostapd.conf: exited before the access point was up: exit status 1\r\n"},
			want:  observation{LastFixture: "fixture: hostapd /e2e/hostapd.conf: exited before the access point was up: exit status 1"},
		},
		{
			name:  "kernel panic kept from its marker on",
			s:     retryScenario,
			lines: []string{"[    3.1] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100\r\n"},
			want:  observation{Panic: "Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWatcher(tt.s.Checks)
			for _, l := range tt.lines {
				w.Line(l)
			}
			if diff := cmp.Diff(tt.want, w.observation(), cmpopts.EquateErrors()); diff != "" {
				t.Errorf("observation (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWatcherKeepsFirstResultAndParseErrors(t *testing.T) {
	w := newWatcher(Checks{})
	w.Line(`airroot: timeline {"steps":[{"name":`)
	w.Line(`airroot: timeline {"steps":[]}`)
	w.Line(`AIRROOT-E2E-RESULT {"pass":true}`)
	w.Line(`AIRROOT-E2E-RESULT {"pass":false}`)
	obs := w.observation()
	if obs.TimelineErr == nil || obs.Timeline != nil {
		t.Errorf("timeline: got %+v, %v; want the first line's parse error", obs.Timeline, obs.TimelineErr)
	}
	if obs.Result == nil || !obs.Result.Pass {
		t.Errorf("result: got %+v, want the first (passing) result", obs.Result)
	}
}

func TestDecide(t *testing.T) {
	virt, raspi := machine.Boards["virt"], machine.Boards["raspi1ap"]
	newRoot := &guestproto.Result{Mode: guestproto.ModeNewRoot}
	rescue := &guestproto.Result{Mode: guestproto.ModeRescue}
	tests := []struct {
		name string
		s    Scenario
		b    machine.Board
		obs  observation
		want machine.Action
	}{
		{name: "nothing yet", s: retryScenario, b: virt, obs: observation{Repeats: 1}, want: machine.Continue},
		{name: "enough retries", s: retryScenario, b: virt, obs: observation{Repeats: 2}, want: machine.StopNow},
		{name: "panic", s: retryScenario, b: virt, obs: observation{Panic: "Kernel panic"}, want: machine.StopNow},
		{name: "new root on virt powers off", b: virt, obs: observation{Result: newRoot}, want: machine.AwaitExit},
		{name: "new root on raspi1ap halts", b: raspi, obs: observation{Result: newRoot}, want: machine.StopNow},
		{name: "rescue shell does not power off", b: virt, obs: observation{Result: rescue}, want: machine.StopNow},
		{name: "unreadable result", b: virt, obs: observation{ResultErr: guestproto.ErrNoResult}, want: machine.StopNow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decide(tt.s.Checks, tt.b, tt.obs, false); got != tt.want {
				t.Errorf("decide() = %v, want %v", got, tt.want)
			}
		})
	}
}
