// Package testbed is what a booting board talks to on this machine and on its own
// network: the userspace NFSv3 server (go-nfs) and the root folder it serves, and the
// Wi-Fi test bed the access-point fixture raises before airroot starts (Debian's
// hostapd on a mac80211_hwsim radio, bridged or routed to QEMU's network, with its own
// DHCP server, rekeys and short leases when asked). It knows nothing of scenarios.
package testbed
