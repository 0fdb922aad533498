package scenario

import (
	"errors"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
)

// wifiScenario boots through a test access point.
var wifiScenario = Scenario{
	Name: "wifi", Board: "virt", Timeout: time.Minute,
	Network: WiFi{AP: testbed.AccessPoint{SSID: "x"}, Station: Station{Config: "network={\n}\n"}},
	Checks: Checks{
		Expect: []Pattern{apUp(testbed.AccessPoint{SSID: "x"}), {machine.TimelinePrefix}},
		Result: guestproto.ModeNewRoot,
		Steps:  []string{"wifi"},
	},
}

func TestJudge(t *testing.T) {
	boot := Scenario{
		Name: "boot", Board: "virt", Timeout: time.Minute, Network: Ethernet{},
		Checks: Checks{
			Expect: []Pattern{{machine.TimelinePrefix}},
			Result: guestproto.ModeNewRoot,
			Steps:  []string{"dhcp", "nfs"},
		},
	}
	timedSAE := boot
	timedSAE.Checks = boot.Checks.timing("sae")
	goodTimeline := &machine.Timeline{Steps: []machine.Step{{Name: "dhcp"}, {Name: "nfs"}}}
	passed := &guestproto.Result{Mode: guestproto.ModeNewRoot, Pass: true}
	failedChecks := &guestproto.Result{Mode: guestproto.ModeNewRoot, Checks: []guestproto.Check{
		{Name: "pid1", Pass: true}, {Name: "initramfs-freed", Detail: "still there"}}}
	tests := []struct {
		name string
		s    Scenario
		obs  observation
		end  machine.End
		want string
	}{
		{
			name: "boot passes",
			s:    boot, obs: observation{Expected: 1, Timeline: goodTimeline, Result: passed},
			end: machine.End{Reason: machine.EndExited},
		},
		{
			name: "guest checks failed",
			s:    boot, obs: observation{Expected: 1, Timeline: goodTimeline, Result: failedChecks},
			end:  machine.End{Reason: machine.EndExited},
			want: "guest checks failed: initramfs-freed: still there",
		},
		{
			name: "guest in the wrong mode",
			s:    boot, obs: observation{Expected: 1, Timeline: goodTimeline, Result: &guestproto.Result{Mode: guestproto.ModeRescue, Pass: true}},
			end:  machine.End{Reason: machine.EndStopped},
			want: "guest ran as rescue-shell, want new-root",
		},
		{
			name: "nothing seen before timeout",
			s:    boot, obs: observation{LastAirroot: "airroot: dhcp: waiting for a lease"},
			end:  machine.End{Reason: machine.EndTimeout},
			want: `timed out after 1m0s; console never showed a line matching ["airroot: timeline "] (expectation 1 of 1); no guest result line (AIRROOT-E2E-RESULT); no airroot timeline line (last airroot line: "airroot: dhcp: waiting for a lease")`,
		},
		{
			name: "whole run out of time",
			s:    boot, obs: observation{},
			end:  machine.End{Reason: machine.EndAborted, Wall: 9500 * time.Millisecond},
			want: "stopped after 10s: the e2e run's time ran out (raise go test -timeout); console never showed a line matching [\"airroot: timeline \"] (expectation 1 of 1); no guest result line (AIRROOT-E2E-RESULT); no airroot timeline line",
		},
		{
			name: "timeline lacks steps",
			s:    boot, obs: observation{Expected: 1, Timeline: &machine.Timeline{Steps: []machine.Step{{Name: "dhcp"}}}, Result: passed},
			end:  machine.End{Reason: machine.EndExited},
			want: `airroot timeline lacks steps ["nfs"]`,
		},
		{
			name: "timed step took no time",
			s:    timedSAE, obs: observation{Expected: 1, Result: passed, Timeline: &machine.Timeline{Steps: []machine.Step{
				{Name: "dhcp"}, {Name: "nfs"}, {Name: "sae", Start: 2.5, End: 2.5}}}},
			end:  machine.End{Reason: machine.EndExited},
			want: `airroot timeline steps ["sae"] took no time`,
		},
		{
			name: "timed step took time",
			s:    timedSAE, obs: observation{Expected: 1, Result: passed, Timeline: &machine.Timeline{Steps: []machine.Step{
				{Name: "dhcp"}, {Name: "nfs"}, {Name: "sae", Start: 2.5, End: 2.75}}}},
			end: machine.End{Reason: machine.EndExited},
		},
		{
			name: "no power off",
			s:    boot, obs: observation{Expected: 1, Timeline: goodTimeline, Result: passed},
			end:  machine.End{Reason: machine.EndNoPowerOff},
			want: "QEMU did not exit after the guest powered off",
		},
		{
			name: "panic wins",
			s:    boot, obs: observation{Panic: "Kernel panic - not syncing: x"},
			end:  machine.End{Reason: machine.EndExited},
			want: "kernel panic: Kernel panic - not syncing: x",
		},
		{
			name: "retries enough",
			s:    retryScenario, obs: observation{Expected: 2, Repeats: 2},
			end: machine.End{Reason: machine.EndStopped},
		},
		{
			name: "retries short, qemu died",
			s:    retryScenario, obs: observation{Expected: 2, Repeats: 1},
			end:  machine.End{Reason: machine.EndExited, ExitErr: "exit status 1: qemu-system-arm: bad"},
			want: `saw 1 of 2 lines matching ["airroot: " "waiting for"]; qemu: exit status 1: qemu-system-arm: bad`,
		},
		{
			name: "unexpected result",
			s:    retryScenario, obs: observation{Expected: 2, Repeats: 2, Result: passed},
			end:  machine.End{Reason: machine.EndStopped},
			want: "unexpected guest result line (guest ran as new-root)",
		},
		{
			name: "access point never came up",
			s:    wifiScenario, obs: observation{LastFixture: "fixture: hostapd /e2e/hostapd.conf: exited before the access point was up: exit status 1"},
			end: machine.End{Reason: machine.EndTimeout},
			want: `timed out after 1m0s; console never showed a line matching ["fixture: access point \"x\" up on channel 6"] (expectation 1 of 2); ` +
				`no guest result line (AIRROOT-E2E-RESULT); no airroot timeline line; ` +
				`the test access point never came up (last fixture line: "fixture: hostapd /e2e/hostapd.conf: exited before the access point was up: exit status 1")`,
		},
		{
			name: "access point up, airroot failed",
			s:    wifiScenario, obs: observation{Expected: 1, APUp: true, LastAirroot: "airroot: wifi: wrong pass-phrase?"},
			end: machine.End{Reason: machine.EndTimeout},
			want: `timed out after 1m0s; console never showed a line matching ["airroot: timeline "] (expectation 2 of 2); ` +
				`no guest result line (AIRROOT-E2E-RESULT); no airroot timeline line (last airroot line: "airroot: wifi: wrong pass-phrase?")`,
		},
		{
			name: "unreadable result",
			s:    boot, obs: observation{Expected: 1, Timeline: goodTimeline, ResultErr: errors.New("parse result line: unexpected EOF")},
			end:  machine.End{Reason: machine.EndStopped},
			want: "guest result line unreadable: parse result line: unexpected EOF",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := judge(tt.s, tt.obs, tt.end); got != tt.want {
				t.Errorf("judge() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestRequire feeds console lines through a watcher and judges: each Require pattern
// must match some line, in any order.
func TestRequire(t *testing.T) {
	s := Scenario{
		Name: "auto", Board: "virt", Timeout: time.Minute, Network: Ethernet{},
		Checks: Checks{
			Result:  guestproto.ModeNewRoot,
			Require: []Pattern{loadedBy("virtio_net", "modalias virtio:"), loadedBy("nfs", "kernel request fs-nfs")},
		},
	}
	result := `AIRROOT-E2E-RESULT {"mode":"new-root","pass":true,"checks":[{"name":"pid1","pass":true}]}`
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{name: "both, in any order", lines: []string{
			"[ 5.1] airroot: modprobe: loaded module nfs (kernel request fs-nfs)",
			"airroot: loaded module virtio_net (modalias virtio:d00000001v00001AF4 of /devices/virtio0)", result}},
		{name: "virtio_net by name", lines: []string{
			"airroot: loaded module virtio_net (asked for)",
			"airroot: modprobe: loaded module nfs (kernel request fs-nfs)", result},
			want: `console never showed a line matching ["airroot: " "loaded module virtio_net (modalias virtio:"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWatcher(s.Checks)
			for _, l := range tt.lines {
				w.Line(l)
			}
			if got := judge(s, w.observation(), machine.End{Reason: machine.EndExited}); got != tt.want {
				t.Errorf("judge = %q, want %q", got, tt.want)
			}
		})
	}
}
