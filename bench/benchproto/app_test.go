package benchproto

import (
	"strings"
	"testing"
)

func TestParseAppLine(t *testing.T) {
	tests := []struct {
		name, line, event string
		uptime            float64
		ok                bool
	}{
		{name: "bare", line: "BENCH-APP first 3.250", event: AppFirst, uptime: 3.25, ok: true},
		{name: "after a printk time", line: "[   12.001] airroot: app: BENCH-APP reply 11.900\r", event: AppReply, uptime: 11.9, ok: true},
		{name: "unknown event", line: "BENCH-APP second 1.0"},
		{name: "no uptime", line: "BENCH-APP first"},
		{name: "negative", line: "BENCH-APP first -1"},
		{name: "not a number", line: "BENCH-APP reply NaN"},
		{name: "other line", line: "SEED-PHASE start 1.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			event, up, ok := ParseAppLine(tt.line)
			if ok != tt.ok || event != tt.event || up != tt.uptime {
				t.Errorf("ParseAppLine(%q) = %q, %v, %v; want %q, %v, %v", tt.line, event, up, ok, tt.event, tt.uptime, tt.ok)
			}
		})
	}
}

func TestFormatAppLineRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		event  string
		uptime float64
	}{{AppFirst, 0}, {AppReply, 123.456}} {
		event, up, ok := ParseAppLine(FormatAppLine(tt.event, tt.uptime))
		if !ok || event != tt.event || up != tt.uptime {
			t.Errorf("round trip of %s %v: got %q %v %v", tt.event, tt.uptime, event, up, ok)
		}
	}
}

func TestAppAddr(t *testing.T) {
	tests := []struct {
		cmdline, want string
		ok            bool
	}{
		{"console=ttyAMA0 airroot_bench_echo=10.0.2.2:40123 ip=dhcp", "10.0.2.2:40123", true},
		{"console=ttyAMA0", "", false},
		{"airroot_bench_echo=10.0.2.2:0", "", false},
		{"airroot_bench_echo=10.0.2.2:70000", "", false},
		{"airroot_bench_echo=[::1]:53", "", false},
		{"airroot_bench_echo=10.0.2.2", "", false},
		{"xairroot_bench_echo=10.0.2.2:5", "", false},
	}
	for _, tt := range tests {
		ap, ok := AppAddr(tt.cmdline)
		got := ""
		if ok {
			got = ap.String()
		}
		if got != tt.want || ok != tt.ok {
			t.Errorf("AppAddr(%q) = %q, %v; want %q, %v", tt.cmdline, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseAppLine(f *testing.F) {
	f.Add("BENCH-APP first 3.250")
	f.Add("[ 1.0] BENCH-APP reply 9")
	f.Fuzz(func(t *testing.T, line string) {
		event, up, ok := ParseAppLine(line)
		if !ok {
			return
		}
		if !strings.Contains(line, AppLinePrefix+event) || up < 0 {
			t.Errorf("ParseAppLine(%q) = %q, %v: not from the line", line, event, up)
		}
	})
}
