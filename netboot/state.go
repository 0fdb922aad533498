package netboot

import (
	"net/netip"

	"github.com/airroot/airroot/netboot/dhcp"
)

// State is what another process needs to know about the network the keeper
// brought up: enough to find and mount the NFS root.
type State struct {
	Interface  string       `json:"interface"`
	Address    netip.Prefix `json:"address"`
	Gateway    netip.Addr   `json:"gateway,omitzero"`
	DNS        []netip.Addr `json:"dns,omitempty"`
	DHCP       bool         `json:"dhcp"`
	ServerID   netip.Addr   `json:"server_id,omitzero"`
	NextServer netip.Addr   `json:"next_server,omitzero"`
	RootPath   string       `json:"root_path,omitempty"`
}

// State describes the network as it is now.
func (n *Net) State() State {
	s := State{Interface: n.iface, Address: n.addr, Gateway: n.gw, DNS: n.dns}
	if l := n.lease; l != nil {
		s.DHCP, s.ServerID, s.NextServer, s.RootPath = true, l.ServerID, l.NextServer, l.RootPath
	}
	return s
}

// Adopt takes over a network another process brought up, as described by s.
func (n *Net) Adopt(s State) {
	n.iface, n.addr, n.gw, n.dns = s.Interface, s.Address, s.Gateway, s.DNS
	n.lease = nil
	if s.DHCP {
		n.lease = &dhcp.Lease{
			Interface: s.Interface, Address: s.Address, Router: s.Gateway, DNS: s.DNS,
			ServerID: s.ServerID, NextServer: s.NextServer, RootPath: s.RootPath,
		}
	}
}

// Lease is the DHCP lease the address came from; nil for a static address.
func (n *Net) Lease() *dhcp.Lease { return n.lease }

// Resume takes over the network this same program brought up before it was
// restarted: s as Adopt does, and the lease itself (nil for a static
// address), so that renewals stay on time. The address is still on the
// interface: nothing is configured again.
func (n *Net) Resume(s State, l *dhcp.Lease) {
	n.Adopt(s)
	if l != nil {
		n.lease = l
	}
}
