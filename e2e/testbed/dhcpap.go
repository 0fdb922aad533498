package testbed

import (
	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
)

// DHCPServer is the access point's own DHCP server: it leases stationAddr for
// LeaseSeconds, and the access point routes (with proxy ARP) between the radio and
// slirp, whose gateway machine.HostAddr stays the router and the NFS server.
type DHCPServer struct {
	LeaseSeconds int
	// RootPath and Hostname, when set, go into every lease as options 17 and 12.
	RootPath, Hostname string
	// NakRenewals is how many times the server forgets the binding at a renewal and
	// NAKs until the client starts over (guestproto.FixtureDHCP.NakRenewals).
	NakRenewals int
	// QuietLeases is how many leases, from the first, go unanswered at renewal
	// until their T2 (guestproto.FixtureDHCP.QuietLeases).
	QuietLeases int
	// MoveSeconds, when set, has the server lease MovedAddr instead for that long
	// once it forgot the binding (guestproto.FixtureDHCP.MoveTo).
	MoveSeconds int
}

// The routed access point's addresses, all in slirp's 10.0.2.0/24.
const (
	// stationAddr is the one address the access point leases.
	stationAddr = "10.0.2.100"
	// MovedAddr is the address the server leases while it has moved the station.
	MovedAddr = "10.0.2.101"
	// apAddr is the radio's address, the DHCP server's identifier: unused by slirp.
	apAddr = "10.0.2.1"
)

// fixtureDHCP is the fixture's side of d.
func fixtureDHCP(d *DHCPServer) *guestproto.FixtureDHCP {
	if d == nil {
		return nil
	}
	f := &guestproto.FixtureDHCP{
		NICAddr: machine.GuestAddr + "/24", ServerAddr: apAddr, ClientAddr: stationAddr + "/24",
		Router: machine.HostAddr, DNS: machine.DNSAddr, LeaseSeconds: d.LeaseSeconds,
		RootPath: d.RootPath, Hostname: d.Hostname, NakRenewals: d.NakRenewals, QuietLeases: d.QuietLeases,
	}
	if d.MoveSeconds > 0 {
		f.MoveTo, f.MoveSeconds = MovedAddr, d.MoveSeconds
	}
	return f
}
