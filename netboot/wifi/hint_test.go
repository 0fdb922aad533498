package wifi

import (
	"testing"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/google/go-cmp/cmp"
)

func TestHintScanFrequencies(t *testing.T) {
	// The world domain: 2.4 GHz channels 1, 6 and 11 probed, 12 and 5 GHz
	// listened on; 2484 disabled.
	world := []nl80211.Channel{{Freq: 2412}, {Freq: 2437}, {Freq: 2462}, {Freq: 2467, NoIR: true}, {Freq: 2484, Disabled: true},
		{Freq: 5180, NoIR: true}, {Freq: 5200, NoIR: true}, {Freq: 5220, NoIR: true}, {Freq: 5240, NoIR: true},
		{Freq: 5260, NoIR: true, Radar: true}}
	probeOnly := []nl80211.Channel{{Freq: 2412}, {Freq: 2437}, {Freq: 2462}}
	listenOnly := []nl80211.Channel{{Freq: 5180, NoIR: true}, {Freq: 5200, NoIR: true}, {Freq: 5220, NoIR: true},
		{Freq: 5240, NoIR: true}, {Freq: 5260, Radar: true}}
	lost := []int{2437}
	tests := []struct {
		name     string
		channels []nl80211.Channel
		freqs    []int
		quick    bool
		want     [][]int // rounds 0, 1, 2, ...
	}{
		{name: "world, quick: a couple of other channels a round in two, the probed ones first",
			channels: world, freqs: lost, quick: true, want: [][]int{
				{2437}, {2437}, {2437, 2412, 2462}, {2437}, {2437, 2467, 5180}, {2437},
				{2437, 5200, 5220}, {2437}, {2437, 5240, 5260}, {2437}, {2437, 2412, 2462},
			}},
		{name: "world: the lost channel, then the probed ones every round and the listen-only ones a few at a time a round in two",
			channels: world, freqs: lost, want: [][]int{
				{2437}, {2437, 2412, 2462}, {2437, 2412, 2462, 2467, 5180, 5200, 5220}, {2437, 2412, 2462},
				{2437, 2412, 2462, 5240, 5260}, {2437, 2412, 2462}, {2437, 2412, 2462, 2467, 5180, 5200, 5220},
			}},
		{name: "no listen-only channels: the probed ones each time",
			channels: probeOnly, freqs: lost, want: [][]int{{2437}, {2437, 2412, 2462}, {2437, 2412, 2462}, {2437, 2412, 2462}}},
		{name: "listen-only channels only: a part each time",
			channels: listenOnly, freqs: []int{5200}, want: [][]int{
				{5200}, {5200, 5180, 5220, 5240, 5260}, {5200, 5180, 5220, 5240, 5260}}},
		{name: "channels unknown: every channel when widening",
			freqs: lost, want: [][]int{{2437}, nil, nil}},
		{name: "channels unknown, quick: the lost channel a round in two",
			freqs: lost, quick: true, want: [][]int{{2437}, {2437}, nil, {2437}, nil}},
		{name: "a lost channel the radio no longer lists is still scanned",
			channels: probeOnly, freqs: []int{5180}, want: [][]int{{5180}, {5180, 2412, 2437, 2462}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][]int
			for round := range tt.want {
				got = append(got, Hint{Frequencies: tt.freqs, Round: round, Quick: tt.quick}.scanFrequencies(tt.channels))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("frequencies per round (-want +got):\n%s", diff)
			}
		})
	}
}
