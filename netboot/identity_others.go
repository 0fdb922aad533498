//go:build !linux

package netboot

import "github.com/airroot/airroot/netboot/nfsroot"

// Identity is the address alone: MAC, host name and serial number are read
// from Linux's /sys and /proc.
func (n *Net) Identity() nfsroot.Identity {
	return nfsroot.Identity{Addr: n.addr.Addr()}
}
