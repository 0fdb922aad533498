package wifi

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// enabled returns the networks without disabled=1, highest priority
// first (stable for equal priorities: file order).
func enabled(networks []conf.Network) []conf.Network {
	var out []conf.Network
	for _, n := range networks {
		if !n.Disabled {
			out = append(out, n)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Priority > out[j].Priority })
	return out
}

// scanRequest probes for the scan_ssid=1 networks (hidden ones answer
// only then) and, with the wildcard, for everything else, within the
// wiphy's limit of SSIDs per scan (0: a passive scan). It scans only the
// networks' channels when every network names its own: scan_freq=, else
// freq_list= (wpa_supplicant does the same).
func scanRequest(networks []conf.Network, maxSSIDs int) nl80211.ScanRequest {
	var r nl80211.ScanRequest
	if maxSSIDs > 0 {
		for _, n := range networks {
			if n.ScanSSID && !slices.Contains(r.SSIDs, n.SSID) && len(r.SSIDs) < maxSSIDs-1 {
				r.SSIDs = append(r.SSIDs, n.SSID)
			}
		}
		r.SSIDs = append(r.SSIDs, "")
	}
	for _, n := range networks {
		freqs := n.ScanFreq
		if len(freqs) == 0 {
			freqs = n.FreqList
		}
		if len(freqs) == 0 {
			r.Frequencies = nil
			return r
		}
		for _, f := range freqs {
			if !slices.Contains(r.Frequencies, f) {
				r.Frequencies = append(r.Frequencies, f)
			}
		}
	}
	slices.Sort(r.Frequencies)
	return r
}

// candidate is an access point of a configured network.
type candidate struct {
	bss     nl80211.BSS
	network conf.Network
	rank    int // position of the network in priority order
}

// candidates pairs access points with the networks they serve, best
// first: higher priority, then stronger signal. bssid= and freq_list=
// restrict a network to the access points they name.
func candidates(bsses []nl80211.BSS, networks []conf.Network) []candidate {
	var out []candidate
	for _, b := range bsses {
		for rank, n := range networks {
			if b.SSID == n.SSID && serves(b, n) {
				out = append(out, candidate{bss: b, network: n, rank: rank})
				break
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].rank != out[j].rank {
			return out[i].rank < out[j].rank
		}
		return out[i].bss.Signal > out[j].bss.Signal
	})
	return out
}

// serves reports whether b satisfies n's bssid= and freq_list=.
func serves(b nl80211.BSS, n conf.Network) bool {
	if n.BSSID != nil && !bytes.Equal(n.BSSID, b.BSSID) {
		return false
	}
	return len(n.FreqList) == 0 || slices.Contains(n.FreqList, b.Frequency)
}

// notFound explains why no access point serves the networks: their SSIDs
// are not around, or only outside bssid= or freq_list=.
func notFound(bsses []nl80211.BSS, networks []conf.Network) error {
	for _, n := range networks {
		var elsewhere []string
		for _, b := range bsses {
			if b.SSID == n.SSID {
				elsewhere = append(elsewhere, fmt.Sprintf("%s on %d MHz", b.BSSID, b.Frequency))
			}
		}
		if limits := restrictions(n); len(elsewhere) > 0 && limits != "" {
			return fmt.Errorf("SSID %q found, but not within the configured %s (seen at: %s): %w",
				n.SSID, limits, strings.Join(elsewhere, ", "), ErrNotFound)
		}
	}
	e := &NotFoundError{}
	for _, n := range networks {
		if !slices.Contains(e.SSIDs, n.SSID) {
			e.SSIDs = append(e.SSIDs, n.SSID)
		}
	}
	sorted := slices.Clone(bsses)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Signal > sorted[j].Signal })
	for _, b := range sorted {
		switch {
		case b.SSID == "":
			e.Hidden++
		case !slices.Contains(e.Seen, b.SSID):
			e.Seen = append(e.Seen, b.SSID)
		}
	}
	return e
}

// restrictions spells out a network's bssid= and freq_list=.
func restrictions(n conf.Network) string {
	var parts []string
	if n.BSSID != nil {
		parts = append(parts, "bssid="+n.BSSID.String())
	}
	if len(n.FreqList) > 0 {
		freqs := make([]string, len(n.FreqList))
		for i, f := range n.FreqList {
			freqs[i] = strconv.Itoa(f)
		}
		parts = append(parts, "freq_list="+strings.Join(freqs, " "))
	}
	return strings.Join(parts, " ")
}
