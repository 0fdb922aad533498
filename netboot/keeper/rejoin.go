package keeper

import (
	"errors"
	"slices"
	"strings"

	"github.com/airroot/airroot/netboot/wifi"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// onChannel narrows cfg to the enabled networks named ssid that may be on freq (MHz),
// scanning only there: after a deauthentication the access point is most likely
// where it was, and one channel scans in a fraction of the time of all of them.
// It returns nil when no network qualifies.
func onChannel(cfg *conf.Config, ssid string, freq int) *conf.Config {
	out := &conf.Config{Country: cfg.Country}
	for _, n := range cfg.Networks {
		if n.Disabled || n.SSID != ssid || (len(n.FreqList) > 0 && !slices.Contains(n.FreqList, freq)) {
			continue
		}
		n.FreqList = []int{freq}
		out.Networks = append(out.Networks, n)
	}
	if len(out.Networks) == 0 {
		return nil
	}
	return out
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

// errNoChannel says the quick rejoin had nothing to try.
var errNoChannel = errors.New("no configured network for the lost access point's channel")
