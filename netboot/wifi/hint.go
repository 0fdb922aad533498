package wifi

import (
	"slices"

	"github.com/airroot/airroot/netboot/nl80211"
)

// Hint says where a join looks first: the station's last connection, for a
// rejoin. The zero Hint is a first join's: every channel, in two passes (see
// scanPasses).
type Hint struct {
	// BSS, when set, is the access point to connect to straight away,
	// without a scan: the one the link was just lost to, when that access
	// point itself ended it (wpa_supplicant's fast reconnect after a
	// deauthentication does the same). A failed association falls back
	// to the scan.
	BSS *nl80211.BSS
	// Frequencies (MHz) are scanned in every hinted join: the lost
	// channel. Without them the Hint is unused.
	Frequencies []int
	// Round widens the scan (see Hint.scanFrequencies): round 0 scans
	// Frequencies alone, a fraction of a second; later rounds add other
	// channels.
	Round int
	// Quick keeps each round a short scan, for the first seconds of an
	// outage, when attempts follow each other closely and the access
	// point most likely comes back where it was: a widening round then
	// adds only quickRun other channels, those it may probe first.
	Quick bool
}

// passiveChunk is how many listen-only channels a widened round adds: a
// beacon interval or more each, about half a second in all, so that the
// hinted channel is scanned again soon after. A Quick round adds quickRun
// channels: at most a quarter of a second.
const (
	passiveChunk = 4
	quickRun     = 2
)

// scanFrequencies returns round h.Round's frequencies: h.Frequencies alone in
// round 0; after it, Quick rounds (the first seconds of an outage) add, a
// round in two, the next quickRun of the other channels, the probed ones
// first, so that no scan delays the next look at the lost channel much;
// later rounds add every channel the radio may probe (an active scan, a
// fraction of a second) and, a round in two, the next passiveChunk
// listen-only ones. An access point that comes back where it was is found
// within one short scan; one that moved to a channel the domain lets airroot
// probe, within the next round once the outage has lasted (the ap-moves
// scenario: 19.4 s after its return when only every fourth round probed).
func (h Hint) scanFrequencies(channels []nl80211.Channel) []int {
	active, passive := nl80211.SplitChannels(channels)
	active = without(active, h.Frequencies)
	passive = without(passive, h.Frequencies)
	out := slices.Clone(h.Frequencies)
	if h.Round <= 0 || h.Quick && h.Round%2 == 1 {
		return out
	}
	if len(channels) == 0 {
		return nil // the radio named none: every channel
	}
	wide := h.Round / 2
	switch {
	case h.Quick && len(active)+len(passive) > 0:
		return append(out, chunk(append(active, passive...), quickRun, wide-1)...)
	case len(active) == 0:
		return append(out, chunk(passive, passiveChunk, h.Round-1)...)
	}
	out = append(out, active...)
	if h.Round%2 == 0 && len(passive) > 0 {
		out = append(out, chunk(passive, passiveChunk, wide-1)...)
	}
	return out
}

// chunk returns the i-th run of size frequencies of freqs, wrapping around.
func chunk(freqs []int, size, i int) []int {
	n := (len(freqs) + size - 1) / size
	start := (i % n) * size
	return freqs[start:min(start+size, len(freqs))]
}

// without returns the frequencies of freqs that are not in drop.
func without(freqs, drop []int) []int {
	return slices.DeleteFunc(slices.Clone(freqs), func(f int) bool { return slices.Contains(drop, f) })
}
