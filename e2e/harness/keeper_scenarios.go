package harness

import (
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// The keeper's soaks: after the switch the guest writes, reads back and verifies files
// on the NFS root for soakSeconds while the access point rekeys, deauthenticates the
// station or hands out short leases, and reports what the keeper did.
const (
	soakSeconds     = 60
	stationIface    = "wlan0"
	keeperTimeout   = 10 * time.Minute
	maxReconnect    = 10 * time.Second
	shortLease      = 20 // seconds
	minRenewals     = 3
	minRekeys       = 10
	groupRekeyEvery = 5
	ptkRekeyEvery   = 15
)

// keeperSoak is a WPA2 boot through ap whose guest then soaks the keeper as k says.
func keeperSoak(name string, ap AccessPoint, k KeeperSoak) Scenario {
	s := wifiBoot(name, "virt", ap, stationConfig(testSSID, testPassphrase), keeperTimeout)
	if k.Soak.RSSAfterSeconds == 0 {
		k.Soak.RSSAfterSeconds = soakSeconds
	}
	s.Keeper = &k
	return s
}

// rekeySoak: hostapd renews the group key every 5 s and the pairwise key every 15 s.
func rekeySoak() Scenario {
	ap := wpa2Network
	ap.GroupRekey, ap.PTKRekey = groupRekeyEvery, ptkRekeyEvery
	return keeperSoak("virt-wifi-rekey", ap, KeeperSoak{
		Soak:      guestproto.Soak{IOSeconds: soakSeconds},
		MinRekeys: minRekeys, MinGroupRekeys: 1, MinPairwiseRekeys: 1,
	})
}

// deauthSoak: the access point deauthenticates the station twice during the I/O.
func deauthSoak() Scenario {
	return keeperSoak("virt-wifi-deauth", wpa2Network, KeeperSoak{
		Soak:         guestproto.Soak{IOSeconds: soakSeconds, DeauthAt: []float64{15, 40}, StationInterface: stationIface},
		MaxReconnect: maxReconnect,
	})
}

// leaseSoak: a DHCP server in the access point's namespace leases for 20 s, so the
// keeper renews every 10 s, and must keep its address.
func leaseSoak() Scenario {
	ap := wpa2Network
	ap.DHCP = &DHCPServer{LeaseSeconds: shortLease}
	return keeperSoak("virt-wifi-lease", ap, KeeperSoak{
		Soak:        guestproto.Soak{IOSeconds: soakSeconds},
		MinRenewals: minRenewals,
	})
}

// idleSoak: nothing happens for 60 s; the keeper's CPU time over that minute and its
// memory after it.
func idleSoak() Scenario {
	return keeperSoak("virt-wifi-idle", wpa2Network, KeeperSoak{
		Soak: guestproto.Soak{IdleSeconds: soakSeconds},
	})
}
