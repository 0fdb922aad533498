package wifi

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestDot1XTimer walks the supplicant PAE's timer through a clock: each
// step is a moment and what happens then ("tick": the timer fires;
// "request": an EAP Request was answered; "success": EAP-Success).
func TestDot1XTimer(t *testing.T) {
	const period, idle = 2 * time.Second, 10 * time.Second
	tests := []struct {
		name  string
		steps []string // "<seconds> <event>"
		want  []string // per step: "start", "-" (nothing), or the error's start
	}{
		{"the access point never answers",
			[]string{"1.9 tick", "2 tick", "5.9 tick", "6 tick", "14 tick", "21.9 tick", "22 tick", "40 tick"},
			[]string{"-", "start", "-", "start", "start", "-", "802.1X: home never started authentication", "-"}},
		{"an Identity Request after the first EAPOL-Start",
			[]string{"2 tick", "3 request", "6 tick", "12.9 tick", "13 tick"},
			[]string{"start", "-", "-", "-", "802.1X: EAP-PEAP with home stalled"}},
		{"the server keeps talking, then succeeds",
			[]string{"0.5 request", "9 request", "18 request", "27 success", "60 tick"},
			[]string{"-", "-", "-", "-", "-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t0 := time.Unix(1000, 0)
			tm := &dot1xTimer{period: period, idle: idle}
			tm.associated(t0)
			for i, step := range tt.steps {
				var sec float64
				var ev string
				if _, err := fmt.Sscan(step, &sec, &ev); err != nil {
					t.Fatal(err)
				}
				now := t0.Add(time.Duration(sec * float64(time.Second)))
				got := "-"
				switch ev {
				case "tick":
					start, err := tm.expired(now, "home")
					switch {
					case err != nil:
						got = err.Error()
						if !errors.Is(err, ErrHandshake) {
							t.Errorf("step %q: error %v does not wrap ErrHandshake", step, err)
						}
					case start != nil:
						got = "start"
						if string(start) != "\x02\x01\x00\x00" {
							t.Errorf("step %q: frame %x is not an EAPOL-Start", step, start)
						}
					}
				case "request":
					tm.answered(now, []byte{1, 7, 0, 6, 25, 0x21}, false)
				case "success":
					tm.answered(now, []byte{3, 8, 0, 4}, true)
				}
				if !strings.HasPrefix(got, tt.want[i]) {
					t.Errorf("step %q: %q, want %q", step, got, tt.want[i])
				}
			}
		})
	}
}
