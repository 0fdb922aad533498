package main

import (
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/dot11"
	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/google/go-cmp/cmp"
)

var (
	testSTA   = net.HardwareAddr{2, 0, 0, 0, 0, 0}
	testBSSID = net.HardwareAddr{2, 0, 0, 0, 1, 0}
)

// fakeRadio is the air around the attacker's radio: after each injection, the
// packets answer(frame) returns are there to capture.
type fakeRadio struct {
	mu       sync.Mutex
	injected [][]byte
	answer   func(frame dot11.Frame) [][]byte
	air      chan []byte
	closed   chan struct{}
}

func newFakeRadio(answer func(dot11.Frame) [][]byte) *fakeRadio {
	return &fakeRadio{answer: answer, air: make(chan []byte, 16), closed: make(chan struct{})}
}

func (r *fakeRadio) Inject(packet []byte) error {
	b, err := dot11.StripRadiotap(packet)
	if err != nil {
		return err
	}
	f, err := dot11.Parse(b)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.injected = append(r.injected, b)
	r.mu.Unlock()
	for _, p := range r.answer(f) {
		r.air <- dot11.WithRadiotap(p)
	}
	return nil
}

// Read hands out what is in the air before it reports the radio closed.
func (r *fakeRadio) Read(buf []byte) (int, error) {
	select {
	case p := <-r.air:
		return copy(buf, p), nil
	default:
	}
	select {
	case p := <-r.air:
		return copy(buf, p), nil
	case <-r.closed:
		return 0, net.ErrClosed
	}
}

func (r *fakeRadio) Close() error { close(r.closed); return nil }

// fromSTA is a data frame from the station to the access point, protected or not.
func fromSTA(protected bool, body []byte) []byte {
	b := dot11.DataFromAP(testBSSID, testSTA, dot11.EtherTypeEAPOL, body) // to the access point
	b[1] = 0x01                                                           // ToDS: from the station
	if protected {
		b[1] |= 0x40
	}
	return b
}

func TestAttack(t *testing.T) {
	msg2 := dot11.Message1(2, forgedReplay, [32]byte{31: 1}) // an SNonce
	msg2[5], msg2[6] = 0x03, 0x0a                            // Key Information: Secure, MIC, pairwise, version 2: message 2 of a rekey
	tests := []struct {
		name        string
		frame       guestproto.AttackFrame
		answer      [][]byte
		wantResult  guestproto.AttackResult
		wantMessage int
	}{
		{name: "message 1 answered in the clear", frame: guestproto.FrameEAPOLMessage1,
			answer: [][]byte{fromSTA(true, nil), fromSTA(false, msg2), dot11.Deauth(testSTA, testBSSID, 1)},
			wantResult: guestproto.AttackResult{StationFrames: 2, ClearEAPOL: 1,
				FirstClearEAPOL: "EAPOL-Key message 2, replay counter 281474976710656"},
			wantMessage: 1},
		{name: "message 1 dropped", frame: guestproto.FrameEAPOLMessage1,
			answer: [][]byte{fromSTA(true, nil), fromSTA(true, msg2)}, wantResult: guestproto.AttackResult{StationFrames: 2}, wantMessage: 1},
		{name: "deauth, nothing heard", frame: guestproto.FrameDeauth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newFakeRadio(func(dot11.Frame) [][]byte { return tt.answer })
			var marks []string
			sys := system{hostapd: func(ctrl, cmd string) (string, error) {
				return "state=ENABLED\nbssid[0]=" + testBSSID.String() + "\n", nil
			}}
			ss := soakSys{
				now: time.Now, sleep: time.Sleep, mac: func(string) (string, error) { return testSTA.String(), nil },
				mark:  func(m string) error { marks = append(marks, m); return nil },
				radio: func(iface string) (radio, error) { return r, nil },
			}
			a := guestproto.Attack{At: 0.01, Frame: tt.frame}
			exp := guestproto.Expect{Soak: &guestproto.Soak{Attacks: []guestproto.Attack{a}, StationInterface: "wlan0", Monitor: "wlan2"}}
			stop := make(chan struct{})
			close(stop)
			got := attack(sys, ss, exp, time.Now(), stop)
			want := tt.wantResult
			want.Attack = a
			if diff := cmp.Diff([]guestproto.AttackResult{want}, got); diff != "" {
				t.Errorf("attack() (-want +got):\n%s", diff)
			}
			if len(r.injected) != 1 || len(marks) != 1 {
				t.Fatalf("attack() injected %d frames with %d marks, want 1 and 1", len(r.injected), len(marks))
			}
			f, err := dot11.Parse(r.injected[0])
			if err != nil {
				t.Fatal(err)
			}
			if f.Addr1.String() != testSTA.String() || f.Addr2.String() != testBSSID.String() || f.Protected {
				t.Errorf("injected frame %+v, want an unprotected one from %s to %s", f, testBSSID, testSTA)
			}
			if tt.wantMessage != 0 {
				k, err := dot11.ParseKey(f.Body[8:])
				if err != nil || k.Message() != tt.wantMessage || k.Replay != forgedReplay {
					t.Errorf("injected EAPOL-Key %+v, %v; want message %d with replay counter %d", k, err, tt.wantMessage, forgedReplay)
				}
			}
		})
	}
}

func TestAttackWithoutRadio(t *testing.T) {
	sys := system{hostapd: func(ctrl, cmd string) (string, error) { return "bssid[0]=" + testBSSID.String() + "\n", nil }}
	ss := soakSys{now: time.Now, sleep: time.Sleep, mac: func(string) (string, error) { return testSTA.String(), nil },
		radio: func(iface string) (radio, error) { return nil, errors.New("no such interface") }}
	exp := guestproto.Expect{Soak: &guestproto.Soak{Attacks: []guestproto.Attack{{At: 1, Frame: guestproto.FrameDeauth}}}}
	stop := make(chan struct{})
	close(stop)
	got := attack(sys, ss, exp, time.Now(), stop)
	if len(got) != 1 || got[0].Error != "no such interface" {
		t.Errorf("attack() without a radio = %+v, want the error in the one result", got)
	}
}
