// Package testbed is what a booting board talks to on this machine and on its own
// network: the NFS servers (go-nfs, NFSv3 in-process; Debian's nfs-ganesha, NFSv3 and
// NFSv4, see Ganesha) and the root folder they serve, and the
// Wi-Fi test bed the access-point fixture raises before airroot starts (Debian's
// hostapd on a mac80211_hwsim radio, bridged or routed to QEMU's network, with its own
// DHCP server, rekeys and short leases when asked). It knows nothing of scenarios.
package testbed
