// Package link prepares network interfaces for the boot: it brings them up,
// waits for carrier, finds the wired interface and gives it an address and
// routes, over rtnetlink.
package link

import (
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path"
	"sort"
	"strings"
)

// sysfs is /sys, read to tell wireless interfaces apart; tests replace it.
var sysfs fs.FS = os.DirFS("/sys")

// isWireless reports whether the interface name is an 802.11 device: its
// /sys/class/net/NAME has a wireless or phy80211 entry.
func isWireless(sys fs.FS, name string) bool {
	if name == "" || strings.ContainsAny(name, "/") || name == "." || name == ".." {
		return false
	}
	for _, entry := range []string{"wireless", "phy80211"} {
		if _, err := fs.Stat(sys, path.Join("class/net", name, entry)); err == nil {
			return true
		}
	}
	return false
}

// Values of the Linux ABI (linux/if_arp.h, linux/if.h), spelled out so that
// this file builds everywhere.
const (
	arphrdEther    = 1
	arphrdLoopback = 772
	iffUp          = 0x1
	iffLoopback    = 0x8
	iffLowerUp     = 0x10000
)

// iface is what rtnetlink says about an interface.
type iface struct {
	Name  string
	Index int
	Type  uint16 // ARPHRD_*
	Flags uint32 // IFF_*
	Note  string // what went wrong with it, for the error listing
}

func (i iface) up() bool         { return i.Flags&iffUp != 0 }
func (i iface) hasCarrier() bool { return i.Flags&iffLowerUp != 0 }

// rejection says why i cannot be the wired uplink, or "" if it can: it must
// be Ethernet (ARPHRD_ETHER, which rules out tunnels and CAN), not loopback
// and not wireless.
func rejection(i iface, sys fs.FS) string {
	switch {
	case i.Type == arphrdLoopback || i.Flags&iffLoopback != 0:
		return "loopback"
	case i.Type != arphrdEther:
		return fmt.Sprintf("not Ethernet: type %d", i.Type)
	case isWireless(sys, i.Name):
		return "wireless"
	}
	return ""
}

// describe lists interfaces by index with what disqualified each, e.g.
// "lo (loopback), eth0 (no carrier), wlan0 (wireless)".
func describe(ifaces map[int]iface, sys fs.FS) string {
	if len(ifaces) == 0 {
		return "none"
	}
	sorted := make([]iface, 0, len(ifaces))
	for _, i := range ifaces {
		sorted = append(sorted, i)
	}
	sort.Slice(sorted, func(a, b int) bool { return sorted[a].Index < sorted[b].Index })
	parts := make([]string, len(sorted))
	for n, i := range sorted {
		parts[n] = fmt.Sprintf("%s (%s)", i.Name, state(i, sys))
	}
	return strings.Join(parts, ", ")
}

func state(i iface, sys fs.FS) string {
	switch {
	case rejection(i, sys) != "":
		return rejection(i, sys)
	case i.Note != "":
		return i.Note
	}
	return linkState(i)
}

// linkState is "down", "no carrier" or "carrier".
func linkState(i iface) string {
	switch {
	case !i.up():
		return "down"
	case !i.hasCarrier():
		return "no carrier"
	}
	return "carrier"
}

// Route is an IPv4 route a lease gives (DHCP option 121, RFC 3442): to Dest
// through the router Via, or on the link itself when Via is the zero Addr.
type Route struct {
	Dest netip.Prefix
	Via  netip.Addr
}

func (r Route) isDefault() bool { return r.Dest.Bits() == 0 }

// String is "DEST via VIA", or "DEST on the link".
func (r Route) String() string {
	if !r.Via.IsValid() {
		return r.Dest.Masked().String() + " on the link"
	}
	return r.Dest.Masked().String() + " via " + r.Via.String()
}
