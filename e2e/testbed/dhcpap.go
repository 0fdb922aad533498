package testbed

import (
	"github.com/airroot/airroot/e2e/artifact"
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
	// ForgetOnAPRestart has the server forget its binding when hostapd is
	// replaced (guestproto.FixtureDHCP.ForgetOnAPRestart).
	ForgetOnAPRestart bool
	// Dnsmasq has Debian's dnsmasq lease instead of the fixture's own server, as a
	// user's does: stationAddr to dnsmasqRangeEnd, with PinnedAddr pinned to
	// StationMAC under Hostname (guestproto.FixtureDnsmasq). The faults above need
	// the fixture's own server.
	Dnsmasq bool
}

// Addr is the address the station must hold once leased by d: PinnedAddr from
// dnsmasq; "" from the fixture's own server, whose faults may move it.
func (d *DHCPServer) Addr() string {
	if d == nil || !d.Dnsmasq {
		return ""
	}
	return PinnedAddr
}

// The routed access point's addresses, all in slirp's 10.0.2.0/24.
const (
	// stationAddr is the one address the access point leases.
	stationAddr = "10.0.2.100"
	// MovedAddr is the address the server leases while it has moved the station.
	MovedAddr = "10.0.2.101"
	// apAddr is the radio's address, the DHCP server's identifier: unused by slirp.
	apAddr = "10.0.2.1"
	// dnsmasqRangeEnd ends dnsmasq's range, which starts at stationAddr; PinnedAddr
	// is in it, not its first, so that only the pin leases it.
	dnsmasqRangeEnd = "10.0.2.103"
	PinnedAddr      = "10.0.2.102"
	// RoutedNet is the network (TEST-NET-2) the fixture's own server routes
	// through the router with option 121, beside its default route.
	RoutedNet = "198.51.100.0/24"
	// LeaseMTU is the interface MTU the fixture's own server hands out (option 26).
	LeaseMTU = 1400
	// dnsmasqLeaseFile is dnsmasq's lease database, in the initramfs.
	dnsmasqLeaseFile = "/e2e/dnsmasq.leases"
)

// StationMAC is the station's radio's MAC: mac80211_hwsim gives radio i the address
// 02:00:00:00:i:00, and airroot's wlan0 is radio 0.
const StationMAC = "02:00:00:00:00:00"

// fixtureDHCP is the fixture's side of d.
func fixtureDHCP(d *DHCPServer) *guestproto.FixtureDHCP {
	if d == nil {
		return nil
	}
	f := &guestproto.FixtureDHCP{
		NICAddr: machine.GuestAddr + "/24", ServerAddr: apAddr, ClientAddr: stationAddr + "/24",
		Router: machine.HostAddr, DNS: machine.DNSAddr, LeaseSeconds: d.LeaseSeconds,
		RootPath: d.RootPath, Hostname: d.Hostname, NakRenewals: d.NakRenewals, QuietLeases: d.QuietLeases,
		ForgetOnAPRestart: d.ForgetOnAPRestart,
	}
	if d.MoveSeconds > 0 {
		f.MoveTo, f.MoveSeconds = MovedAddr, d.MoveSeconds
	}
	if d.Dnsmasq {
		f.Dnsmasq = &guestproto.FixtureDnsmasq{Program: artifact.Dnsmasq, RangeEnd: dnsmasqRangeEnd,
			PinMAC: StationMAC, PinAddr: PinnedAddr, LeaseFile: dnsmasqLeaseFile}
	} else {
		f.RoutedNet, f.MTU = RoutedNet, LeaseMTU
	}
	return f
}

// dnsmasqOnly is dnsmasq's userland without the files hostapd's has too (the loader,
// libc): one copy of each goes into the archive and stays in RAM.
func (f WiFiFiles) dnsmasqOnly() artifact.Userland {
	shared := map[string]bool{}
	for _, h := range f.Hostapd.Files {
		shared[h.Path] = true
	}
	u := artifact.Userland{Sysroot: f.Dnsmasq.Sysroot}
	for _, d := range f.Dnsmasq.Files {
		if !shared[d.Path] {
			u.Files = append(u.Files, d)
		}
	}
	for _, d := range f.Dnsmasq.Running {
		if !shared[d.Path] {
			u.Running = append(u.Running, d)
		}
	}
	u.RunningBytes = artifact.TotalSize(u.Running)
	return u
}
