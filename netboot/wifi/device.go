package wifi

import "github.com/airroot/airroot/netboot/nl80211"

// Device is a wireless interface and the radio under it, as a join found
// them. Neither changes while the interface exists, except the radio's
// channels when the country changes, which only a join does: a rejoin on
// the same interface may reuse them (Options.Device).
type Device struct {
	Interface nl80211.Interface
	Wiphy     *nl80211.Wiphy
}
