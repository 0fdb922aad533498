package app

import (
	"testing"
	"time"

	"github.com/airroot/airroot/internal/backoff"
	"github.com/google/go-cmp/cmp"
)

// run is one run of the app in a test: how long it ran, how it ended.
type run struct {
	lasted time.Duration
	exit   Exit
}

func TestRestarts(t *testing.T) {
	b := backoff.Backoff{Initial: time.Second, Max: 4 * time.Second}
	fail, ok, killed := Exit{Code: 2}, Exit{Code: 0}, Exit{Code: -1, Signal: "SIGKILL"}
	tests := []struct {
		name   string
		policy Policy
		runs   []run
		want   []Decision
	}{
		{
			name: "always: backoff doubles to the maximum", policy: Always,
			runs: []run{{time.Millisecond, fail}, {time.Millisecond, ok}, {time.Millisecond, fail}, {time.Millisecond, killed}},
			want: []Decision{
				{Restart: true, Delay: time.Second, Ends: 1, Failed: 1},
				{Restart: true, Delay: 2 * time.Second, Ends: 2, Failed: 1},
				{Restart: true, Delay: 4 * time.Second, Ends: 3, Failed: 2},
				{Restart: true, Delay: 4 * time.Second, Ends: 4, Failed: 3},
			},
		},
		{
			name: "always: a run of StableAfter starts the count again", policy: Always,
			runs: []run{{time.Millisecond, fail}, {time.Millisecond, fail}, {StableAfter, fail}},
			want: []Decision{
				{Restart: true, Delay: time.Second, Ends: 1, Failed: 1},
				{Restart: true, Delay: 2 * time.Second, Ends: 2, Failed: 2},
				{Restart: true, Delay: time.Second, Ends: 1, Failed: 3},
			},
		},
		{
			name: "on-failure: restarted after failures, done after success", policy: OnFailure,
			runs: []run{{time.Millisecond, fail}, {time.Millisecond, killed}, {time.Millisecond, ok}},
			want: []Decision{
				{Restart: true, Delay: time.Second, Ends: 1, Failed: 1},
				{Restart: true, Delay: 2 * time.Second, Ends: 2, Failed: 2},
				{Restart: false, Ends: 3, Failed: 2},
			},
		},
		{
			name: "never", policy: Never,
			runs: []run{{time.Millisecond, fail}},
			want: []Decision{{Restart: false, Ends: 1, Failed: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Unix(1000, 0)
			r := &Restarts{Policy: tt.policy, Backoff: b, Now: func() time.Time { return now }}
			var got []Decision
			for _, run := range tt.runs {
				r.Started()
				now = now.Add(run.lasted)
				d := r.Ended(run.exit)
				got = append(got, d)
				now = now.Add(d.Delay)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decisions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExit(t *testing.T) {
	tests := []struct {
		e      Exit
		failed bool
		text   string
	}{
		{Exit{Code: 0}, false, "exit status 0"},
		{Exit{Code: 3}, true, "exit status 3"},
		{Exit{Code: -1, Signal: "SIGSEGV"}, true, "killed by SIGSEGV"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if tt.e.Failed() != tt.failed || tt.e.String() != tt.text {
				t.Errorf("%#v: Failed %v String %q, want %v %q", tt.e, tt.e.Failed(), tt.e.String(), tt.failed, tt.text)
			}
		})
	}
}
