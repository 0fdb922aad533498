package benchproto

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestResultLineRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		r    Result
	}{
		{name: "uptime only", r: Result{UptimeSeconds: 18.42}},
		{name: "idle", r: Result{UptimeSeconds: 9, Idle: &Idle{Seconds: 60, Processes: []Proc{
			{PID: 107, Name: "@airroot", RSSKiB: 5480, CPUSeconds: 0.01, TotalCPUSeconds: 0.86},
		}, Missing: []string{"dhcpcd"}}}},
		{name: "error", r: Result{Error: "read uptime: no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, err := FormatResult(tt.r)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(line, "\n") {
				t.Fatalf("FormatResult gave more than one line: %q", line)
			}
			got, err := ParseResultLine("[ 3.1] kernel noise" + line + "[ 3.2] more noise")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.r, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseResultLineErrors(t *testing.T) {
	if _, err := ParseResultLine("airroot: nothing here"); !errors.Is(err, ErrNoResult) {
		t.Errorf("line without the prefix: error %v, want ErrNoResult", err)
	}
	if _, err := ParseResultLine(ResultPrefix + `{"uptime_seconds":`); err == nil || errors.Is(err, ErrNoResult) {
		t.Errorf("truncated JSON: error %v, want a parse error", err)
	}
}

func TestIdleSums(t *testing.T) {
	i := Idle{Processes: []Proc{{RSSKiB: 3700, CPUSeconds: 0.25}, {RSSKiB: 1608, CPUSeconds: 0.5}}}
	if i.RSSKiB() != 5308 || i.CPUSeconds() != 0.75 {
		t.Errorf("sums = %d KiB, %v s; want 5308 KiB, 0.75 s", i.RSSKiB(), i.CPUSeconds())
	}
}

func FuzzParseResultLine(f *testing.F) {
	f.Add(ResultPrefix + `{"uptime_seconds":18.42}`)
	f.Add("noise" + ResultPrefix + `{"idle":{"seconds":60,"processes":[{"pid":1,"name":"x","rss_kib":1}]}}trailing`)
	f.Add(ResultPrefix + `[]`)
	f.Fuzz(func(t *testing.T, line string) {
		r, err := ParseResultLine(line)
		if err != nil {
			return
		}
		again, err := FormatResult(r)
		if err != nil {
			return // NaN or Inf cannot come from JSON; anything else must encode
		}
		r2, err := ParseResultLine(again)
		if err != nil {
			t.Fatalf("reparse %q: %v", again, err)
		}
		if diff := cmp.Diff(r, r2); diff != "" {
			t.Errorf("round trip of %q (-first +second):\n%s", line, diff)
		}
	})
}
