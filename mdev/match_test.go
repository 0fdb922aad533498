package mdev

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// event makes an event from KEY=VALUE strings, ACTION=add by default.
func event(t testing.TB, kv ...string) Event {
	t.Helper()
	env := map[string]string{"ACTION": "add"}
	for _, s := range kv {
		k, v, _ := strings.Cut(s, "=")
		env[k] = v
	}
	ev, err := EventFromEnv(env)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func rule(t testing.TB, line string) Rule {
	t.Helper()
	rules, err := ParseConf(strings.NewReader(line), testIDs)
	if err != nil || len(rules) != 1 {
		t.Fatalf("ParseConf(%q) = %v, %v", line, rules, err)
	}
	return rules[0]
}

func TestRuleMatch(t *testing.T) {
	sda1 := event(t, "DEVPATH=/devices/x/block/sda/sda1", "SUBSYSTEM=block", "DEVNAME=sda1", "MAJOR=8", "MINOR=1")
	pcm := event(t, "DEVPATH=/devices/x/sound/card0/pcmC0D0p", "SUBSYSTEM=sound", "DEVNAME=snd/pcmC0D0p", "MAJOR=116", "MINOR=16")
	eth0 := event(t, "DEVPATH=/devices/virtual/net/eth0", "SUBSYSTEM=net", "INTERFACE=eth0")
	usb := event(t, "DEVPATH=/devices/platform/soc/20980000.usb/usb1/1-1/1-1:1.0", "SUBSYSTEM=usb",
		"MODALIAS=usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00")
	tests := []struct {
		name     string
		rule     string
		ev       Event
		wantSubs []string
		wantOK   bool
	}{
		{name: "name regex", rule: "sd([a-z])([0-9]+) 0:0 660", ev: sda1, wantOK: true, wantSubs: []string{"sda1", "a", "1"}},
		{name: "regex must match all of the name", rule: "sd[a-z] 0:0 660", ev: sda1},
		{name: "regex must match from the start", rule: "da1 0:0 660", ev: sda1},
		{name: "leftmost-longest alternation", rule: "(sd|sda)1 0:0 660", ev: sda1, wantOK: true, wantSubs: []string{"sda1", "sda"}},
		{name: "devname with a slash", rule: "snd/pcm.* 0:0 660", ev: pcm, wantOK: true, wantSubs: []string{"snd/pcmC0D0p"}},
		{name: "no devname: last element of devpath", rule: "eth[0-9] 0:0 600", ev: eth0, wantOK: true, wantSubs: []string{"eth0"}},
		{name: "subsystem/name form", rule: "net/(.*) 0:0 600", ev: eth0, wantOK: true, wantSubs: []string{"net/eth0", "eth0"}},
		{name: "subsystem/name form, other subsystem", rule: "net/.* 0:0 600", ev: sda1},
		{name: "major,minor in range", rule: "@8,0-15 0:0 660", ev: sda1, wantOK: true, wantSubs: make([]string, 10)},
		{name: "major,minor out of range", rule: "@8,2-15 0:0 660", ev: sda1},
		{name: "major,minor, device without number", rule: "@0,0 0:0 660", ev: eth0},
		{name: "$var full match", rule: "$MODALIAS=usb:v0BDA(p....).* 0:0 660", ev: usb, wantOK: true,
			wantSubs: []string{"usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00", "p8176"}},
		{name: "$var not set", rule: "$MODALIAS=.* 0:0 660", ev: sda1},
		{name: "$var partial", rule: "$MODALIAS=usb 0:0 660", ev: usb},
		{name: "env prefix found anywhere", rule: "SUBSYSTEM=loc;sd.* 0:0 660", ev: sda1, wantOK: true, wantSubs: []string{"sda1"}},
		{name: "env prefix not found", rule: "SUBSYSTEM=^net$;.* 0:0 660", ev: sda1},
		{name: "env prefix variable unset", rule: "DEVTYPE=.*;.* 0:0 660", ev: sda1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rule(t, tt.rule)
			subs, ok := r.Match(tt.ev)
			if ok != tt.wantOK {
				t.Fatalf("Match() ok = %v, want %v", ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.wantSubs, subs); ok && diff != "" {
				t.Errorf("Match() submatches (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRuleMatchByHand(t *testing.T) {
	ev := event(t, "DEVPATH=/devices/x/null", "DEVNAME=null", "MAJOR=1", "MINOR=3")
	r := Rule{Pattern: "nu(ll)", Env: []EnvMatch{{Var: "MAJOR", Pattern: "^1$"}}}
	if subs, ok := r.Match(ev); !ok || subs[1] != "ll" {
		t.Errorf("Match() of a rule made by hand = %q, %v; want [null ll], true", subs, ok)
	}
	bad := Rule{Pattern: "("}
	if _, ok := bad.Match(ev); ok {
		t.Error("Match() of a rule with a bad regex = true, want false")
	}
}

func TestExpandPath(t *testing.T) {
	subs := []string{"mmcblk0p1", "0", "1"}
	tests := []struct {
		name, path, want string
	}{
		{name: "submatches", path: "disk/mmc/%1/%2", want: "disk/mmc/0/1"},
		{name: "whole match", path: "by-name/%0", want: "by-name/mmcblk0p1"},
		{name: "directory gets the name", path: "disks/", want: "disks/mmcblk0p1"},
		{name: "no such submatch stays", path: "x%5y", want: "x%5y"},
		{name: "percent at the end", path: "x%", want: "x%"},
		{name: "percent not a digit", path: "%a%%1", want: "%a%0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := expandPath(tt.path, subs, "mmcblk0p1"); got != tt.want {
				t.Errorf("expandPath(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

func TestCommandRuns(t *testing.T) {
	tests := []struct {
		on     CommandOn
		action string
		want   bool
	}{
		{OnAdd, "add", true}, {OnAdd, "remove", false},
		{OnRemove, "remove", true}, {OnRemove, "add", false},
		{OnBoth, "add", true}, {OnBoth, "remove", true}, {OnBoth, "change", true}, {OnBoth, "bind", true},
		{OnAdd, "change", false}, {OnRemove, "change", false},
		{0, "add", false},
	}
	for _, tt := range tests {
		t.Run(string(rune(tt.on))+tt.action, func(t *testing.T) {
			if got := (Command{On: tt.on, Text: "x"}).Runs(tt.action); got != tt.want {
				t.Errorf("Runs(%q) = %v, want %v", tt.action, got, tt.want)
			}
		})
	}
}
