package backoff

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDelay(t *testing.T) {
	half := func(n time.Duration) time.Duration { return n / 2 } // jitter 0
	low := func(time.Duration) time.Duration { return 0 }        // jitter -Jitter
	rfc := Backoff{Initial: time.Second, Max: 64 * time.Second, Jitter: 500 * time.Millisecond}
	tests := []struct {
		name    string
		b       Backoff
		randN   func(time.Duration) time.Duration // nil: Delay, no jitter
		attempt []int
		want    []time.Duration
	}{
		{
			name: "doubling up to max", b: Backoff{Initial: time.Second, Max: 5 * time.Second},
			attempt: []int{1, 2, 3, 4, 5},
			want:    []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second},
		},
		{
			name: "doubling from 1 s to 64 s, jitter 0", b: rfc, randN: half,
			attempt: []int{1, 2, 3, 4, 5, 6, 7, 8, 50},
			want: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second,
				32 * time.Second, 64 * time.Second, 64 * time.Second, 64 * time.Second},
		},
		{
			name: "jitter", b: rfc, randN: low,
			attempt: []int{1, 2},
			want:    []time.Duration{500 * time.Millisecond, 1500 * time.Millisecond},
		},
		{
			name: "never below a millisecond", b: Backoff{Initial: time.Millisecond, Max: time.Second, Jitter: time.Second}, randN: low,
			attempt: []int{1},
			want:    []time.Duration{time.Millisecond},
		},
		{
			name: "max below initial", b: Backoff{Initial: 10 * time.Second, Max: 5 * time.Second},
			attempt: []int{1, 3},
			want:    []time.Duration{5 * time.Second, 5 * time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []time.Duration
			for _, a := range tt.attempt {
				if tt.randN == nil {
					got = append(got, tt.b.Delay(a))
				} else {
					got = append(got, tt.b.Jittered(a, tt.randN))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("delays (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHalfLeft(t *testing.T) {
	tests := []struct {
		name              string
		left, floor, want time.Duration
	}{
		{name: "half", left: 10 * time.Minute, floor: time.Minute, want: 5 * time.Minute},
		{name: "floor", left: 90 * time.Second, floor: time.Minute, want: time.Minute},
		{name: "not past the deadline", left: 40 * time.Second, floor: time.Minute, want: 40 * time.Second},
		{name: "another floor", left: 3 * time.Second, floor: 2 * time.Second, want: 2 * time.Second},
		{name: "deadline passed", left: -time.Second, floor: time.Minute, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HalfLeft(tt.left, tt.floor); got != tt.want {
				t.Errorf("HalfLeft(%v, %v) = %v, want %v", tt.left, tt.floor, got, tt.want)
			}
		})
	}
}
