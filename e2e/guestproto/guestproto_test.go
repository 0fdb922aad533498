package guestproto

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var sample = Result{
	Scenario: "virt-ethernet",
	Mode:     ModeNewRoot,
	Pass:     true,
	Checks: []Check{
		{Name: "pid1", Pass: true, Detail: "running as PID 1"},
		{Name: "nfs-read", Pass: false, Detail: "read /e2e/probe: stale"},
	},
	UptimeSeconds: 4.75,
}

func TestFormatParseRoundTrip(t *testing.T) {
	line, err := FormatResult(sample)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseResultLine(line)
	if err != nil {
		t.Fatalf("ParseResultLine(%q): %v", line, err)
	}
	if diff := cmp.Diff(sample, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestParseResultLine(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    Result
		wantErr error
		anyErr  bool
	}{
		{name: "plain", line: `AIRROOT-E2E-RESULT {"scenario":"a","mode":"rescue-shell","pass":true}`, want: Result{Scenario: "a", Mode: ModeRescue, Pass: true}},
		{name: "after other output", line: `[    4.1] x AIRROOT-E2E-RESULT {"pass":true}`, want: Result{Pass: true}},
		{name: "printk after the object", line: `AIRROOT-E2E-RESULT {"pass":true}[    5.0] reboot: Power down` + "\r", want: Result{Pass: true}},
		{name: "no prefix", line: "airroot: timeline {}", wantErr: ErrNoResult},
		{name: "cut short", line: `AIRROOT-E2E-RESULT {"pass":tr`, anyErr: true},
		{name: "wrong type", line: `AIRROOT-E2E-RESULT {"pass":"yes"}`, anyErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseResultLine(tt.line)
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseResultLine() error = %v, want %v", err, tt.wantErr)
			}
			if tt.anyErr != (err != nil && tt.wantErr == nil) {
				t.Fatalf("ParseResultLine() error = %v, want an error: %v", err, tt.anyErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseResultLine() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFailedChecks(t *testing.T) {
	want := []string{"nfs-read: read /e2e/probe: stale"}
	if diff := cmp.Diff(want, sample.FailedChecks()); diff != "" {
		t.Errorf("FailedChecks() (-want +got):\n%s", diff)
	}
}

func FuzzParseResultLine(f *testing.F) {
	line, err := FormatResult(sample)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(line)
	f.Add(`x AIRROOT-E2E-RESULT {"pass":true} y`)
	f.Add(`AIRROOT-E2E-RESULT {"checks":[{"name":"\u00ff"}],"uptime_seconds":1e3}`)
	f.Fuzz(func(t *testing.T, line string) {
		r, err := ParseResultLine(line)
		if err != nil {
			return
		}
		// What parsed must survive formatting and parsing again unchanged.
		again, err := FormatResult(r)
		if err != nil {
			t.Fatalf("FormatResult(%+v): %v", r, err)
		}
		r2, err := ParseResultLine(again)
		if err != nil {
			t.Fatalf("ParseResultLine(%q) of a formatted result: %v", again, err)
		}
		if diff := cmp.Diff(r, r2); diff != "" {
			t.Errorf("re-parse (-first +second):\n%s", diff)
		}
	})
}
