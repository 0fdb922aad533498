package bench

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/machine"
	"github.com/google/go-cmp/cmp"
)

func TestAppWatcher(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  map[string]float64
		done  bool
		panic bool
	}{
		{
			name:  "airroot: each app line twice, console then kernel log",
			lines: []string{"BENCH-APP first 4.100", "[    4.2] box: BENCH-APP first 4.100", "BENCH-APP reply 7.500"},
			want:  map[string]float64{PhaseAppFirst: 4.1, PhaseAppReply: 7.5}, done: true,
		},
		{
			name:  "seed: phase lines, then the app",
			lines: []string{"SEED-PHASE start 2.5", "SEED-PHASE modules 3.0", "BENCH-APP first 3.9"},
			want:  map[string]float64{PhaseInit: 2.5, PhaseModules: 3.0, PhaseAppFirst: 3.9},
		},
		{
			name:  "panic",
			lines: []string{"SEED-PHASE start 2.5", "[ 3.0] " + machine.PanicMarker + " - not syncing: Attempted to kill init!"},
			want:  map[string]float64{PhaseInit: 2.5}, done: true, panic: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewAppWatcher()
			done := false
			for _, l := range tt.lines {
				done = w.Line(l + "\r\n")
			}
			if diff := cmp.Diff(tt.want, w.Phases); diff != "" {
				t.Errorf("phases (-want +got):\n%s", diff)
			}
			if done != tt.done || (w.Panic != "") != tt.panic {
				t.Errorf("done %v, panic %q; want done %v, panic %v", done, w.Panic, tt.done, tt.panic)
			}
		})
	}
}

func TestEchoAnswers(t *testing.T) {
	e, err := StartEcho()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if want := "airroot_bench_echo=" + machine.HostAddr + ":"; !strings.HasPrefix(e.Param(), want) {
		t.Errorf("Param() = %q, want it to start %q", e.Param(), want)
	}
	c, err := net.Dial("udp4", e.conn.LocalAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte("box")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	n, err := c.Read(buf)
	if err != nil || string(buf[:n]) != "box" {
		t.Errorf("reply %q, %v; want the packet back", buf[:n], err)
	}
}

func TestCardDevice(t *testing.T) {
	for board, want := range map[string]string{"virt": "vda1", "raspi1ap": "mmcblk0p1"} {
		if got := cardDevice(machine.Boards[board]); got != want {
			t.Errorf("cardDevice(%s) = %q, want %q", board, got, want)
		}
	}
}

func TestApplianceScenarioOnEveryBoard(t *testing.T) {
	for _, board := range []string{"virt", "raspi1ap"} {
		s, err := applianceScenario(board)
		if err != nil {
			t.Fatal(err)
		}
		if s.Board != board || s.Boot.Card == nil || !s.Boot.Card.App {
			t.Errorf("applianceScenario(%s) = %s on %s, card %+v: not an appliance on that board", board, s.Name, s.Board, s.Boot.Card)
		}
	}
	if _, err := applianceScenario("pdp11"); err == nil {
		t.Error("applianceScenario(pdp11): nil error")
	}
}
