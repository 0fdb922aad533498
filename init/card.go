package boot

import (
	"strconv"
	"strings"

	"github.com/airroot/airroot/init/bootpart"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// card is what PID 1 knows of the boot partition.
type card struct {
	spec    bootpart.Spec
	wanted  bool   // appliance mode, or airroot.bootpart= given
	mounted string // the device mounted on bootPartDir; "" when none
	done    bool   // looked for and read, or given up on
}

// ssids lists cfg's networks for the console, quoted.
func ssids(cfg *conf.Config) string {
	var names []string
	for _, n := range cfg.Networks {
		names = append(names, strconv.Quote(n.SSID))
	}
	return strings.Join(names, ", ")
}

// hasPassphrase reports whether a wpa_supplicant.conf gives a pass-phrase
// (psk="...") rather than a PSK (64 hex digits) for some network.
func hasPassphrase(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		key, value, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok && strings.TrimSpace(key) == "psk" && strings.HasPrefix(strings.TrimSpace(value), `"`) {
			return true
		}
	}
	return false
}
