package wifi

import (
	"slices"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
)

// scanPasses splits req into the scans to run in turn, stopping at the
// first that finds a configured network. A full scan spends most of its
// time listening on passive-only channels (a beacon interval or more
// each: with the world regulatory domain every 5 GHz channel is one), so
// when req names no frequencies and the wiphy has both kinds, the
// channels a scan may probe on go first and the passive ones only if
// the first pass found nothing. With freq_list= or one kind only, req is
// the single pass.
func scanPasses(req nl80211.ScanRequest, channels []nl80211.Channel) []nl80211.ScanRequest {
	if len(req.Frequencies) > 0 {
		return []nl80211.ScanRequest{req}
	}
	active, passive := nl80211.SplitChannels(channels)
	if len(active) == 0 || len(passive) == 0 {
		return []nl80211.ScanRequest{req}
	}
	first, second := req, req
	first.Frequencies, second.Frequencies = active, passive
	first.SSIDs, second.SSIDs = slices.Clone(req.SSIDs), slices.Clone(req.SSIDs)
	return []nl80211.ScanRequest{first, second}
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
