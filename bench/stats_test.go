package bench

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name    string
		samples []float64
		want    Stat
	}{
		{name: "none", samples: nil, want: Stat{}},
		{name: "one", samples: []float64{2.5}, want: Stat{N: 1, Median: 2.5, Min: 2.5, Max: 2.5}},
		{name: "odd count, unsorted", samples: []float64{9, 1, 5}, want: Stat{N: 3, Median: 5, Min: 1, Max: 9}},
		{name: "even count averages the middle two", samples: []float64{4, 1, 3, 2}, want: Stat{N: 4, Median: 2.5, Min: 1, Max: 4}},
		{name: "rounded to milliseconds", samples: []float64{1.00049, 1.0006}, want: Stat{N: 2, Median: 1.001, Min: 1, Max: 1.001}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := append([]float64(nil), tt.samples...)
			if diff := cmp.Diff(tt.want, Summarize(tt.samples)); diff != "" {
				t.Errorf("Summarize(%v) (-want +got):\n%s", tt.samples, diff)
			}
			if diff := cmp.Diff(before, tt.samples); diff != "" {
				t.Errorf("Summarize changed its input (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRatio(t *testing.T) {
	tests := []struct {
		name string
		a, b float64
		want *float64
	}{
		{name: "half", a: 1, b: 2, want: ptr(0.5)},
		{name: "rounded", a: 1, b: 3, want: ptr(0.333)},
		{name: "zero denominator", a: 1, b: 0, want: nil},
		{name: "negative denominator", a: 1, b: -1, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Ratio(tt.a, tt.b)); diff != "" {
				t.Errorf("Ratio(%v, %v) (-want +got):\n%s", tt.a, tt.b, diff)
			}
		})
	}
}

func ptr(v float64) *float64 { return &v }
