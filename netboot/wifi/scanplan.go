package wifi

import (
	"fmt"
	"slices"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// scanPass is one scan of a join, and how the log names it ("" for a
// join's only scan).
type scanPass struct {
	req  nl80211.ScanRequest
	what string
}

// label is what follows "scan found N access points" in the log.
func (p scanPass) label() string {
	if p.what == "" {
		return ""
	}
	return " " + p.what
}

// bandEdge2G is the top of the 2.4 GHz band (MHz).
const bandEdge2G = 2500

// scanPasses splits req into the scans to run in turn, stopping at the
// first that finds a configured network. A full scan spends most of its
// time listening on passive-only channels (a beacon interval or more
// each: with the world regulatory domain every 5 GHz channel is one, and
// radar channels are one in every domain), so when req names no
// frequencies the channels a scan may probe go first: the 2.4 GHz ones,
// then the others (with country=GB, the 5 GHz channels outside the radar
// range and the 6 GHz ones: on virt they made a single first pass several
// times as long as the world domain's), and the passive ones only if
// nothing was found. The 2.4 GHz pass scans channels 1, 6 and 11 first
// (likelyFirst). With freq_list= or one kind of channel only, req is the
// single pass (naming the 2.4 GHz channels, in that order, when they are
// the kind).
func scanPasses(req nl80211.ScanRequest, channels []nl80211.Channel) []scanPass {
	if len(req.Frequencies) > 0 {
		return []scanPass{{req: req}}
	}
	active, passive := nl80211.SplitChannels(channels)
	low := likelyFirst(slices.DeleteFunc(slices.Clone(active), func(f int) bool { return f > bandEdge2G }))
	high := slices.DeleteFunc(active, func(f int) bool { return f <= bandEdge2G })
	var out []scanPass
	for _, g := range []struct {
		freqs        []int
		format, noun string
	}{{low, "on the %s it may probe", "2.4 GHz channel"}, {high, "on the %s it may probe", "other channel"},
		{passive, "after listening on the %s", "passive-only channel"}} {
		if len(g.freqs) > 0 {
			p := scanPass{req: req, what: fmt.Sprintf(g.format, plural(len(g.freqs), g.noun))}
			p.req.SSIDs, p.req.Frequencies = slices.Clone(req.SSIDs), g.freqs
			out = append(out, p)
		}
	}
	switch {
	case len(out) == 1 && len(low) > 0:
		out[0].what = ""
	case len(out) < 2:
		return []scanPass{{req: req}}
	}
	return out
}

// likely2G are 2.4 GHz channels 1, 6 and 11 (MHz): the three that do not
// overlap, which routers' automatic channel selection picks from and most
// access points use.
var likely2G = []int{2412, 2437, 2462}

// likelyFirst returns the 2.4 GHz frequencies freqs with likely2G first,
// each group in its order. cfg80211 (nl80211_trigger_scan) keeps the
// order of a scan request's frequencies and mac80211's software scan
// visits them in it, so an access point on one of these is heard, and the
// scan stopped (earlyStop), after three channels rather than up to eleven.
func likelyFirst(freqs []int) []int {
	first := slices.DeleteFunc(slices.Clone(freqs), func(f int) bool { return !slices.Contains(likely2G, f) })
	rest := slices.DeleteFunc(slices.Clone(freqs), func(f int) bool { return slices.Contains(likely2G, f) })
	return append(first, rest...)
}

// staleSlack is how long before a scan an access point may have been heard and
// still count as heard in it: a beacon received just before the scan began.
const staleSlack = time.Second

// heardSince splits a scan's results, the scan having lasted took, into the
// access points heard during it and the stale ones: the kernel's scan results
// also hold every access point heard in the last 30 s (cfg80211's expiry), so
// after an access point vanishes it is still listed, and joining it waits out
// an authentication nobody answers. wpa_supplicant likewise drops entries the
// latest scans did not see (bss_expiration_scan_count).
func heardSince(bsses []nl80211.BSS, took time.Duration) (fresh, stale []nl80211.BSS) {
	for _, b := range bsses {
		if time.Duration(b.SeenMsAgo)*time.Millisecond > took+staleSlack {
			stale = append(stale, b)
			continue
		}
		fresh = append(fresh, b)
	}
	return fresh, stale
}

// goodSignal (mBm) is a signal from which a scan's rest is unlikely to find
// a much better access point: wpa_supplicant stops preferring the stronger
// of two access points once both are GREAT_SNR (25 dB) above the noise
// floor (wpa_scan_result_compar), which it takes as -89 dBm on 2.4 GHz and
// -92 dBm on 5 GHz when the driver reports none: -64 and -67 dBm. A router
// in the same room or the next one is heard at -30 to -60 dBm (hwsim
// reports -30 dBm).
const goodSignal = -6400

// earlyStop returns the access point that makes the rest of a scan
// needless, or nil: the best candidate (priority, then signal; the
// avoided and those airroot cannot use passed over, as pick does) among
// the access points heard since the scan began took ago, when it serves
// the network first in priority order (no network an access point heard
// later serves could outrank it) with a goodSignal. Entries older than
// the scan do not count here, not even heardSince's slack: they were
// heard before, and may be gone.
func (j *joiner) earlyStop(bsses []nl80211.BSS, took time.Duration, networks []conf.Network) *nl80211.BSS {
	var heard []nl80211.BSS
	for _, b := range bsses {
		if time.Duration(b.SeenMsAgo)*time.Millisecond <= took {
			heard = append(heard, b)
		}
	}
	for _, c := range candidates(heard, networks) {
		if c.rank > 0 || c.bss.Signal < goodSignal {
			return nil
		}
		if j.opts.Avoid.Avoided(c.bss.BSSID, j.opts.Now()) {
			continue
		}
		if _, _, err := j.negotiateFit(c); err == nil {
			return &c.bss
		}
	}
	return nil
}
