package main

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
)

func TestSilenceEnded(t *testing.T) {
	tests := []struct {
		name      string
		replies   []float64
		from      float64
		now       float64
		wantBegan float64
		wantBack  float64
		wantOK    bool
	}{
		{"nothing after from", []float64{1, 2}, 3, 4, 0, 0, false},
		{"an outage that ended", []float64{9.98, 10.00, 10.02, 10.45, 10.47, 10.49}, 10.01, 10.5, 10.02, 10.45, true},
		{"an outage going on", []float64{10.00, 10.02, 10.04}, 10.01, 11, 0, 0, false},
		{"the first answer after from ends the silence: it began at from", []float64{9.5, 10.8, 10.82, 10.84}, 10, 10.85, 10, 10.8, true},
		{"no outage: the longest of steady gaps", []float64{10.00, 10.02, 10.04, 10.055}, 10.01, 10.06, 10.02, 10.04, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			began, back, ok := silenceEnded(tt.replies, tt.from, tt.now)
			if ok != tt.wantOK || (ok && (math.Abs(back-tt.wantBack) > 1e-9 || math.Abs(began-tt.wantBegan) > 1e-9)) {
				t.Errorf("silenceEnded = %v, %v, %v; want %v, %v, %v", began, back, ok, tt.wantBegan, tt.wantBack, tt.wantOK)
			}
		})
	}
}

func TestFirstAfter(t *testing.T) {
	replies := []float64{1, 2, 3}
	if at, ok := firstAfter(replies, 2); !ok || at != 2 {
		t.Errorf("firstAfter(2) = %v, %v; want 2, true", at, ok)
	}
	if at, ok := firstAfter(replies, 2.5); !ok || at != 3 {
		t.Errorf("firstAfter(2.5) = %v, %v; want 3, true", at, ok)
	}
	if _, ok := firstAfter(replies, 3.5); ok {
		t.Error("firstAfter(3.5) found an answer after the last")
	}
}

// fakeAir is a board whose echo answers every 20 ms except during outages:
// deauthOutage from each deauthentication, apDelay after its request, and
// from a restart request to the new hostapd's start plus backAfter.
type fakeAir struct {
	now          float64
	apDelay      float64
	deauthOutage float64
	down         float64 // the restart's time without hostapd
	up           float64 // from the new hostapd's start to its access point up
	backAfter    float64 // from the access point up to traffic
	outages      [][2]float64
	newPIDAt     float64 // when the new hostapd starts; 0: none asked
	restarts     int     // asked so far; the new hostapd's PID is 130 plus that
	// setupBlocks makes a STATUS asked during the new hostapd's setup
	// wait for its end, as hostapd's event loop does.
	setupBlocks  bool
	hostapdReply string
	noEcho       bool
}

func (f *fakeAir) sys() rejoinSys {
	return rejoinSys{
		now:     func() float64 { return f.now },
		sleep:   func(d time.Duration) { f.now += d.Seconds() },
		replies: f.replies,
		hostapd: func(cmd string) (string, error) {
			if cmd == "STATUS" {
				switch {
				case f.newPIDAt == 0 || f.now < f.newPIDAt:
					return "", errors.New("no process named hostapd")
				case f.now < f.newPIDAt+f.up && !f.setupBlocks:
					return "state=COUNTRY_UPDATE\n", nil
				}
				f.now = max(f.now, f.newPIDAt+f.up)
				return "state=ENABLED\nchannel=6\n", nil
			}
			if !strings.HasPrefix(cmd, "DEAUTHENTICATE 02:00:00:00:00:00") {
				return "FAIL", nil
			}
			if f.hostapdReply != "" {
				return f.hostapdReply, nil
			}
			deauth := f.now + f.apDelay
			f.outages = append(f.outages, [2]float64{deauth, deauth + f.deauthOutage})
			return "OK\n", nil
		},
		mac: func() (string, error) { return "02:00:00:00:00:00", nil },
		restart: func() error {
			f.restarts++
			f.newPIDAt = f.now + f.down
			f.outages = append(f.outages, [2]float64{f.now, f.newPIDAt + f.up + f.backAfter})
			return nil
		},
		hostapdPID: func() (int, error) {
			switch {
			case f.newPIDAt == 0:
				return 77, nil
			case f.now < f.newPIDAt:
				return 0, errors.New("no process named hostapd")
			}
			return 130 + f.restarts, nil
		},
		started: func(pid int) (float64, error) {
			if pid != 130+f.restarts {
				return 0, errors.New("not the new hostapd")
			}
			return f.newPIDAt, nil
		},
	}
}

// replies answers every probe sent so far outside the outages, 1 ms later.
func (f *fakeAir) replies() []float64 {
	if f.noEcho {
		return nil
	}
	var out []float64
	for sent := 0.0; sent+0.001 <= f.now; sent += probeEvery.Seconds() {
		lost := false
		for _, o := range f.outages {
			lost = lost || (sent >= o[0] && sent < o[1])
		}
		if !lost {
			out = append(out, sent+0.001)
		}
	}
	return out
}

func TestTimeRejoins(t *testing.T) {
	for _, setupBlocks := range []bool{false, true} {
		t.Run(fmt.Sprintf("hostapd's setup blocks STATUS: %v", setupBlocks), func(t *testing.T) {
			f := &fakeAir{now: 30, apDelay: 0.25, deauthOutage: 0.4, down: 5, up: 0.5, backAfter: 0.9, setupBlocks: setupBlocks}
			checkRejoins(t, timeRejoins(f.sys()))
		})
	}
}

// checkRejoins checks the timings of fakeAir{apDelay: 0.25, deauthOutage:
// 0.4, down: 5, up: 0.5, backAfter: 0.9}.
func checkRejoins(t *testing.T, r *benchproto.Rejoin) {
	if r.Error != "" {
		t.Fatalf("timeRejoins error: %s", r.Error)
	}
	check := func(what string, got *float64, want float64) {
		t.Helper()
		if got == nil || math.Abs(*got-want) > 2*probeEvery.Seconds() {
			t.Errorf("%s = %v, want %.2f within two probes", what, fmtPtr(got), want)
		}
	}
	if len(r.Deauths) != benchproto.DeauthRounds {
		t.Fatalf("%d deauthentications timed, want %d", len(r.Deauths), benchproto.DeauthRounds)
	}
	for i, d := range r.Deauths {
		check(fmt.Sprintf("Deauths[%d].Seconds", i), &d.Seconds, 0.25+0.4)          // the request's delay and the outage
		check(fmt.Sprintf("Deauths[%d].SilenceSeconds", i), &d.SilenceSeconds, 0.4) // the outage alone
		if d.SilenceSeconds < 0.4 {
			t.Errorf("Deauths[%d].SilenceSeconds = %.3f, shorter than the outage (0.4)", i, d.SilenceSeconds)
		}
	}
	if len(r.Restarts) != benchproto.RestartRounds {
		t.Fatalf("%d restarts timed, want %d", len(r.Restarts), benchproto.RestartRounds)
	}
	for i, rs := range r.Restarts {
		check(fmt.Sprintf("Restarts[%d].DownSeconds", i), &rs.DownSeconds, 5)
		check(fmt.Sprintf("Restarts[%d].UpSeconds", i), &rs.UpSeconds, 0.5)
		check(fmt.Sprintf("Restarts[%d].BackSeconds", i), &rs.BackSeconds, 0.9)
		if rs.BackSeconds > 0.9+0.002 { // the echo answers 1 ms after a probe
			t.Errorf("Restarts[%d].BackSeconds = %.3f, more than the 0.9 s from the return to traffic and the echo's 1 ms", i, rs.BackSeconds)
		}
	}
	if r.ProbeSeconds != probeEvery.Seconds() {
		t.Errorf("ProbeSeconds = %v, want %v", r.ProbeSeconds, probeEvery.Seconds())
	}
}

func TestTimeRejoinsFailures(t *testing.T) {
	tests := []struct {
		name    string
		air     fakeAir
		wantErr string
		keeps   func(*benchproto.Rejoin) bool
	}{
		{"no echo", fakeAir{now: 30, noEcho: true}, "no answer from the host's echo", nil},
		{"hostapd refuses", fakeAir{now: 30, hostapdReply: "FAIL"}, `hostapd answered "FAIL"`, nil},
		{"never back after the deauthentication", fakeAir{now: 30, deauthOutage: 100}, "not back within 30s of the deauthentication", nil},
		{"never back after the restart", fakeAir{now: 30, deauthOutage: 0.2, down: 5, backAfter: 200},
			"not back within 1m0s of the access point's return",
			func(r *benchproto.Rejoin) bool {
				return len(r.Deauths) == benchproto.DeauthRounds && len(r.Restarts) == 0
			}},
		{"no new hostapd", fakeAir{now: 30, deauthOutage: 0.2, down: 100, backAfter: 1},
			"no new hostapd within 30s", func(r *benchproto.Rejoin) bool { return len(r.Deauths) == benchproto.DeauthRounds }},
		{"the new hostapd never up", fakeAir{now: 30, deauthOutage: 0.2, down: 5, up: 100, backAfter: 1},
			"access point not up within 30s", func(r *benchproto.Rejoin) bool { return len(r.Deauths) == benchproto.DeauthRounds }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.air
			r := timeRejoins(f.sys())
			if !strings.Contains(r.Error, tt.wantErr) {
				t.Errorf("Error = %q, want one with %q", r.Error, tt.wantErr)
			}
			if tt.keeps != nil && !tt.keeps(r) {
				t.Errorf("the figures before the failure were not kept: %+v", r)
			}
		})
	}
}

func fmtPtr(p *float64) any {
	if p == nil {
		return "nil"
	}
	return *p
}
