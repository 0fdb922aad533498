package netboot

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/airroot/airroot/netboot/dhcp"
	"github.com/airroot/airroot/netboot/ipconfig"
	"github.com/airroot/airroot/netboot/link"
	"github.com/airroot/airroot/netboot/nfsroot"
)

// How long one attempt of each step may take before it is retried.
const (
	linkAttempt = 15 * time.Second
	dhcpAttempt = 30 * time.Second
)

// Net is the network state of one boot, built up step by step.
type Net struct {
	ip   *ipconfig.Config
	logf func(format string, args ...any)
	// errorf is for what a person must fix (SetErrorf); logf by default.
	errorf func(format string, args ...any)
	// onLease hears of each lease Keep takes (OnLease).
	onLease func(changed bool)
	iface   string
	addr    netip.Prefix
	gw      netip.Addr
	mtu     int // the lease's MTU, once tried; 0: the interface's own
	dns     []netip.Addr
	lease   *dhcp.Lease

	// linkBack hears from LinkBack that the link came back; Keep confirms
	// the lease then.
	linkBack chan struct{}

	client      leaseClient // Keep's, for clientIface
	clientIface string
	saved       struct { // what SaveState wrote last
		path string
		conf []byte
	}

	// Seams for Keep's tests.
	clock       keepClock
	dial        func(iface string, opts ...dhcp.Option) (leaseClient, error)
	sethostname func(name string) error
	// nodename is the kernel's node name (uname), which Identity reads.
	nodename func() string
	// configure gives the interface a new lease's address and router
	// (link.Configure); tests must never touch a real interface.
	configure func(iface string, addr netip.Prefix, gw netip.Addr, routes ...link.Route) error
	setMTU    func(iface string, mtu int) (bool, error) // link.SetMTU

	mountLogged         bool          // the mount's arguments are shown once, not every retry
	nfsClientIdentified bool          // identifyNFSClient ran
	hardware            boardHardware // Identity's files, read once
}

// boardHardware is what Identity reads from files: the MAC of iface and the
// board's serial number, none of which changes while the board runs.
type boardHardware struct {
	read   bool
	iface  string
	mac    net.HardwareAddr
	serial string
}

// New starts from the ip= parameter (nil when the command line has none:
// DHCP on the first wired interface with carrier).
func New(ip *ipconfig.Config, logf func(format string, args ...any)) *Net {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	return &Net{ip: ip, logf: logf, errorf: logf, linkBack: make(chan struct{}, 1), clock: realClock{}, dial: dialDHCP, sethostname: setHostname, nodename: nodename, configure: link.Configure, setMTU: link.SetMTU}
}

// Static reports whether ip= gives a static address.
func (n *Net) Static() bool { return n.ip != nil && n.ip.Static() }

// Interface is the chosen interface, or "" before Link.
func (n *Net) Interface() string { return n.iface }

// RootSpec decides where the NFS root is, as the kernel does
// (Documentation/admin-guide/nfs/nfsroot.rst; fs/nfs/nfsroot.c reads DHCP's
// root-path, then nfsroot= over it): when the command line names no
// directory (fromDHCP), the DHCP root-path (option 17) is the base and the
// command line's spec (nfsroot=SERVER,vers=3, nfsroot=,nolock) is merged over
// it, its server, path and options winning; otherwise the command line's spec
// alone. The server defaults to ip='s server-ip, then the DHCP next-server,
// then the DHCP server itself.
func (n *Net) RootSpec(fromCmdline *nfsroot.Spec, fromDHCP bool) (nfsroot.Spec, error) {
	var spec nfsroot.Spec
	rootPath := ""
	if n.lease != nil && (fromDHCP || fromCmdline == nil) {
		rootPath = n.lease.RootPath
	}
	switch {
	case rootPath != "":
		s, err := nfsroot.ParseRootPath(rootPath)
		if err != nil {
			return spec, fmt.Errorf("DHCP root-path %q from %s: %w", rootPath, n.lease.ServerID, err)
		}
		spec = s
		if fromCmdline != nil {
			spec = spec.Merge(*fromCmdline)
		}
	case fromCmdline != nil:
		spec = *fromCmdline
	default:
		return spec, errors.New("no NFS root: say nfsroot=SERVER:/PATH (or root=nfs:SERVER:/PATH) on the kernel command line, or have the DHCP server send a root-path (option 17)")
	}
	return spec.ResolveFor(n.Identity(), n.defaultServer())
}

// defaultServer is the NFS server to use when the root's spec names none.
func (n *Net) defaultServer() string {
	if n.ip != nil && n.ip.Server.IsValid() {
		return n.ip.Server.String()
	}
	if n.lease != nil && n.lease.NextServer.IsValid() && !n.lease.NextServer.IsUnspecified() {
		return n.lease.NextServer.String()
	}
	if n.lease != nil && n.lease.ServerID.IsValid() {
		return n.lease.ServerID.String()
	}
	return ""
}

// UseInterface sets the interface the address goes on, when something other
// than Link brought it up (the Wi-Fi join).
func (n *Net) UseInterface(name string) { n.iface = name }

// Device is the interface ip= names, or "".
func (n *Net) Device() string {
	if n.ip == nil {
		return ""
	}
	return n.ip.Device
}
