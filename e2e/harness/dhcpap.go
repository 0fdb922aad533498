package harness

import "github.com/airroot/airroot/e2e/guestproto"

// DHCPServer is the access point's own DHCP server: it leases StationAddr for
// LeaseSeconds, and the access point routes (with proxy ARP) between the radio and
// slirp, whose gateway 10.0.2.2 stays the router and the NFS server.
type DHCPServer struct {
	LeaseSeconds int
}

// The routed access point's addresses, all in slirp's 10.0.2.0/24.
const (
	// StationAddr is the one address the access point leases.
	StationAddr = "10.0.2.100"
	// APAddr is the radio's address, the DHCP server's identifier: unused by slirp.
	APAddr = "10.0.2.1"
	// apNICAddr is the NIC's address in the access point's namespace: slirp's guest.
	apNICAddr = "10.0.2.15/24"
	slirpDNS  = "10.0.2.3"
)

// fixtureDHCP is the fixture's side of d.
func fixtureDHCP(d *DHCPServer) *guestproto.FixtureDHCP {
	if d == nil {
		return nil
	}
	return &guestproto.FixtureDHCP{
		NICAddr: apNICAddr, ServerAddr: APAddr, ClientAddr: StationAddr + "/24",
		Router: ServerAddr, DNS: slirpDNS, LeaseSeconds: d.LeaseSeconds,
	}
}
