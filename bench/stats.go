package bench

import (
	"math"
	"slices"
)

// Stat summarizes samples: how many, their median, smallest and largest.
type Stat struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Summarize returns the samples' Stat; N is 0 for none (the other fields are 0).
func Summarize(samples []float64) Stat {
	if len(samples) == 0 {
		return Stat{}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	n := len(s)
	median := s[n/2]
	if n%2 == 0 {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	return Stat{N: n, Median: round3(median), Min: round3(s[0]), Max: round3(s[n-1])}
}

// Ratio is a/b rounded to three decimals, or nil when b is not positive.
func Ratio(a, b float64) *float64 {
	if b <= 0 || math.IsNaN(a) || math.IsNaN(b) {
		return nil
	}
	r := round3(a / b)
	return &r
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }
