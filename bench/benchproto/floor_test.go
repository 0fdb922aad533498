package benchproto

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFloorLines reads floor lines as the console shows them; what makes a
// figure line unreadable is TestParseAppLine's.
func TestFloorLines(t *testing.T) {
	console := "FLOOR-PHASE modules 0.412345\n" +
		"[    9.1] wlan0: associated\rFLOOR-PHASE dhcp 0.021000\r\n" +
		"FLOOR-PHASE nfs\n" +
		"SEED-PHASE modules 1.0\n" +
		FormatFloorLine(FloorSwitchStart, 31.5) + "\n"
	var got []string
	for _, line := range strings.Split(console, "\n") {
		if phase, secs, ok := ParseFloorLine(line); ok {
			got = append(got, fmt.Sprintf("%s=%g", phase, secs))
		}
	}
	want := []string{"modules=0.412345", "dhcp=0.021", "switch_start=31.5"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("floor lines (-want +got):\n%s", diff)
	}
}

func TestFloorRounds(t *testing.T) {
	tests := []struct {
		cmdline string
		want    int
	}{
		{"console=ttyAMA0 airroot_bench_floor_rounds=3 ip=dhcp", 3},
		{"console=ttyAMA0", DefaultFloorRounds},
		{"airroot_bench_floor_rounds=0", DefaultFloorRounds},
		{"airroot_bench_floor_rounds=101", DefaultFloorRounds},
		{"airroot_bench_floor_rounds=x", DefaultFloorRounds},
		{"xairroot_bench_floor_rounds=2", DefaultFloorRounds},
	}
	for _, tt := range tests {
		if got := FloorRounds(tt.cmdline); got != tt.want {
			t.Errorf("FloorRounds(%q) = %d, want %d", tt.cmdline, got, tt.want)
		}
	}
}

func FuzzParseFloorLine(f *testing.F) {
	f.Add("FLOOR-PHASE modules 0.5")
	f.Add("noise FLOOR-PHASE switch_start 12.25 trailing")
	f.Fuzz(func(t *testing.T, line string) {
		phase, secs, ok := ParseFloorLine(line)
		if !ok {
			return
		}
		p2, s2, ok := ParseFloorLine(FormatFloorLine(phase, secs))
		if !ok || p2 != phase || s2 < secs-1e-6 || s2 > secs+1e-6 {
			t.Errorf("round trip of %q: got %q %v %v", line, p2, s2, ok)
		}
	})
}
