package wifi

import (
	"fmt"
	"slices"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
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
// nothing was found. With freq_list= or one kind of channel only, req is
// the single pass.
func scanPasses(req nl80211.ScanRequest, channels []nl80211.Channel) []scanPass {
	if len(req.Frequencies) > 0 {
		return []scanPass{{req: req}}
	}
	active, passive := nl80211.SplitChannels(channels)
	low := slices.DeleteFunc(slices.Clone(active), func(f int) bool { return f > bandEdge2G })
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
	if len(out) < 2 {
		return []scanPass{{req: req}}
	}
	return out
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
