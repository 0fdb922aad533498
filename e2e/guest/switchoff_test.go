package main

import (
	"errors"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/airroot/airroot/e2e/guestproto"
)

func TestSwitchOffAPs(t *testing.T) {
	const mac = "02:00:00:00:00:00"
	controls := []string{"/dev/hostapd/wlan1", "/dev/hostapd/wlan2"}
	tests := []struct {
		name     string
		stations map[string]string // control -> the STA reply
		killErr  error             // killing the access point's hostapd
		wantOff  string
		wantSent []string
		wantErr  bool
	}{
		{name: "on the second", stations: map[string]string{controls[1]: mac + "\nflags=[AUTH]\n"},
			wantOff:  controls[1],
			wantSent: []string{controls[0] + " STA " + mac, controls[1] + " STA " + mac, controls[1] + " kill"}},
		{name: "on the first", stations: map[string]string{controls[0]: mac + "\n"},
			wantOff: controls[0], wantSent: []string{controls[0] + " STA " + mac, controls[0] + " kill"}},
		{name: "on neither", wantErr: true,
			wantSent: []string{controls[0] + " STA " + mac, controls[1] + " STA " + mac}},
		{name: "kill failed", stations: map[string]string{controls[0]: mac + "\n"}, killErr: errors.New("no such process"), wantErr: true,
			wantOff: controls[0], wantSent: []string{controls[0] + " STA " + mac, controls[0] + " kill"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sent, marks []string
			sys := system{root: fstest.MapFS{}, hostapd: func(ctrl, cmd string) (string, error) {
				sent = append(sent, ctrl+" "+cmd)
				if r, ok := tt.stations[ctrl]; ok {
					return r, nil
				}
				return "FAIL\n", nil
			}}
			clock := &lockedClock{t: time.Unix(1000, 0)}
			ss := soakSys{now: clock.now, sleep: clock.sleep,
				mac:    func(string) (string, error) { return mac, nil },
				mark:   func(m string) error { marks = append(marks, m); return nil },
				killAP: func(ctrl string) error { sent = append(sent, ctrl+" kill"); return tt.killErr }}
			soak := guestproto.Soak{SwitchOffAt: []float64{5}, SwitchOffControls: controls, StationInterface: "wlan0"}
			off, asked := switchOffAPs(sys, ss, soak, time.Unix(1000, 0))
			if diff := cmp.Diff([]string{tt.wantOff}, off); diff != "" {
				t.Errorf("switched off (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantSent, sent); diff != "" {
				t.Errorf("hostapd commands (-want +got):\n%s", diff)
			}
			if len(asked) != 1 || (asked[0].err != nil) != tt.wantErr || asked[0].at.Before(time.Unix(1005, 0)) {
				t.Errorf("outages = %+v, want one at 5 s, error %v", asked, tt.wantErr)
			}
			if tt.wantOff != "" && (len(marks) != 1 || marks[0] != switchOffMarkPrefix+"1: "+tt.wantOff) {
				t.Errorf("marks = %q, want the switch-off's", marks)
			}
		})
	}
}
