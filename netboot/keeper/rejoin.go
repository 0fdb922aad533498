package keeper

import (
	"strings"
	"time"

	"github.com/airroot/airroot/netboot/wifi"
)

// The pauses between attempts to join again: at most rejoinBriskGap during
// the first rejoinBrisk of an outage, at most rejoinMaxGap after it.
const (
	rejoinBrisk    = 8 * time.Second
	rejoinBriskGap = 250 * time.Millisecond
	rejoinMaxGap   = 5 * time.Second
)

// rejoinGap is the pause before the next attempt to join again, the link
// having been lost for lost. An attempt scans the lost channel (in the first
// rejoinBrisk, one in two adds a couple of the others; after it, every one
// adds every channel the radio may probe: see wifi.Hint), a fraction of a
// second. In the first rejoinBrisk, where an access point that restarts comes
// back (hostapd restarted, a firmware update), the pause is a sixteenth of
// the outage and at most rejoinBriskGap, so that the station hears its first
// beacons within about half a second of its return; after that, an outage
// that lasts is likely to last on, and the pause grows to an eighth of it, at
// most rejoinMaxGap, wpa_supplicant's scan_interval when disconnected: an
// access point away for half a minute is heard again within about four
// seconds of its return, where it was or on another channel the radio may
// probe, and one that stays away costs an attempt, one scan, every
// rejoinMaxGap. A doubling backoff would instead wait up to twice the
// outage. There is nothing to listen to between attempts: mac80211 keeps an
// unassociated station's radio idle, so beacons reach cfg80211's table only
// during a scan, whose end each attempt awaits as the
// NL80211_CMD_NEW_SCAN_RESULTS event rather than polling.
func rejoinGap(lost time.Duration) time.Duration {
	if lost < rejoinBrisk {
		return min(lost/16, rejoinBriskGap)
	}
	return min(lost/8, rejoinMaxGap)
}

// loudAttempt reports whether a failed rejoin attempt goes to the console (at
// warning level) rather than to the debug log: the first, then each whose
// number is a power of two. The kernel keeps only ten lines in five seconds
// from one writer.
func loudAttempt(attempt int) bool { return attempt&(attempt-1) == 0 }

// restartHint is where a restarted worker looks first: the last worker's
// channel, when it said (the association died with it: no access point to
// connect to without a scan).
func restartHint(last workerState) wifi.Hint {
	if last.Frequency <= 0 {
		return wifi.Hint{}
	}
	return wifi.Hint{Frequencies: []int{last.Frequency}}
}

// cachedNote tells, on the reconnection line, that the rejoin used the
// cached PMKSA and so skipped SAE or EAP.
func cachedNote(s *wifi.Session) string {
	if s.PMKSACached {
		return ", with the cached PMKSA"
	}
	return ""
}

// lostCause is why a session ended, without the sentinel every such error ends with.
func lostCause(err error) string {
	if err == nil {
		return "disconnected"
	}
	return strings.TrimSuffix(err.Error(), ": "+wifi.ErrLinkLost.Error())
}
