package wifi

import (
	"slices"

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
