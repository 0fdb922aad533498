// Package dhcp obtains and keeps a DHCPv4 lease for one interface (RFC 2131):
// the DISCOVER/OFFER/REQUEST/ACK exchange, renewal, rebinding and re-requesting
// an address after expiry, so that an NFS root keeps its client address.
package dhcp

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strings"
	"time"

	"github.com/airroot/airroot/netboot/link"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

// Infinite is the Duration, T1 and T2 of a lease granted forever
// (lease time 0xffffffff, RFC 2131 section 3.3).
const Infinite = time.Duration(math.MaxInt64)

// DefaultLeaseTime is assumed when an ACK carries no lease time (option 51),
// as udhcpc does.
const DefaultLeaseTime = time.Hour

// MinLeaseTime is the shortest lease honoured: shorter lease times are raised
// to it so that a misconfigured server cannot make the client renew in a
// tight loop. It is dhcpcd's floor: a higher one would have the client use
// its address after the server has taken it back (a 20 s lease renewed at a
// minute's T1 is 10 s expired).
const MinLeaseTime = 20 * time.Second

// Lease is an address granted by a DHCP server and what came with it.
type Lease struct {
	Interface  string
	Address    netip.Prefix // yiaddr with the subnet mask's length
	Router     netip.Addr   // first router (option 3), or option 121's default route; zero if none
	Routes     []link.Route // option 121's other routes (RFC 3442)
	MTU        int          // option 26, the link's MTU; 0 without one or below MinMTU
	DNS        []netip.Addr // option 6
	Domain     string       // option 15
	Search     []string     // option 119, the domain search list (RFC 3397)
	Hostname   string       // option 12
	ServerID   netip.Addr   // option 54; the server to renew with
	NextServer netip.Addr   // siaddr: the kernel's NFS server when nfsroot= names none
	RootPath   string       // option 17
	Duration   time.Duration
	T1         time.Duration // renewal time; 0.5 of Duration unless the server says
	T2         time.Duration // rebinding time; 0.875 of Duration unless the server says
	Acquired   time.Time     // when the REQUEST that was acknowledged was first sent
	ACK        *dhcpv4.DHCPv4
}

// RenewAt is when the lease should be renewed (T1); zero for infinite leases.
func (l *Lease) RenewAt() time.Time { return l.after(l.T1) }

// RebindAt is when the lease should be rebound (T2); zero for infinite leases.
func (l *Lease) RebindAt() time.Time { return l.after(l.T2) }

// ExpiresAt is when the address must no longer be used; zero for infinite leases.
func (l *Lease) ExpiresAt() time.Time { return l.after(l.Duration) }

func (l *Lease) after(d time.Duration) time.Time {
	if d == Infinite {
		return time.Time{}
	}
	return l.Acquired.Add(d)
}

// String summarises the lease for the boot console.
func (l *Lease) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s on %s from %s", l.Address, l.Interface, l.ServerID)
	if l.Router.IsValid() {
		fmt.Fprintf(&b, ", router %s", l.Router)
	}
	if l.Duration == Infinite {
		b.WriteString(", forever")
	} else {
		fmt.Fprintf(&b, ", for %s", l.Duration)
	}
	return b.String()
}

// errNotACK is returned by leaseFromACK for any other message type.
var errNotACK = errors.New("not a DHCPACK")

// leaseFromACK reads the lease an ACK grants. Interface and Acquired are left
// for the caller; ACK points at ack.
func leaseFromACK(ack *dhcpv4.DHCPv4) (Lease, error) {
	if ack == nil {
		return Lease{}, errors.New("read DHCP lease: no message")
	}
	if t := ack.MessageType(); t != dhcpv4.MessageTypeAck {
		return Lease{}, fmt.Errorf("read DHCP lease: %w (got %s)", errNotACK, t)
	}
	addr, err := leaseAddress(ack)
	if err != nil {
		return Lease{}, fmt.Errorf("read DHCP lease: %w", err)
	}
	l := Lease{
		Address:    addr,
		Router:     first(optAddrs(ack.Options, dhcpv4.OptionRouter)),
		DNS:        optAddrs(ack.Options, dhcpv4.OptionDomainNameServer),
		Domain:     optString(ack.Options, dhcpv4.OptionDomainName),
		Hostname:   optString(ack.Options, dhcpv4.OptionHostName),
		ServerID:   serverID(ack),
		NextServer: usable(ack.ServerIPAddr.To4()),
		RootPath:   optString(ack.Options, dhcpv4.OptionRootPath),
		ACK:        ack,
	}
	applyClasslessRoutes(&l, ack.Options)
	l.MTU = optMTU(ack.Options)
	if labels := ack.DomainSearch(); labels != nil {
		l.Search = labels.Labels
	}
	l.Duration, l.T1, l.T2 = leaseTimes(ack.Options)
	return l, nil
}

// leaseAddress is yiaddr with the prefix length of the subnet mask (option 1),
// or of the address's class when the server sent no mask (as the kernel's
// ipconfig does).
func leaseAddress(m *dhcpv4.DHCPv4) (netip.Prefix, error) {
	addr := usable(m.YourIPAddr.To4())
	if !addr.IsValid() {
		return netip.Prefix{}, fmt.Errorf("no usable address in yiaddr (%v)", m.YourIPAddr)
	}
	bits := classfulBits(addr)
	if mask := m.Options.Get(dhcpv4.OptionSubnetMask); mask != nil {
		var err error
		if bits, err = maskBits(mask); err != nil {
			return netip.Prefix{}, err
		}
	}
	return netip.PrefixFrom(addr, bits), nil
}

// maskBits is the prefix length of a contiguous, non-zero IPv4 subnet mask.
func maskBits(mask []byte) (int, error) {
	if len(mask) != 4 {
		return 0, fmt.Errorf("subnet mask is %d bytes, want 4", len(mask))
	}
	v := uint32(mask[0])<<24 | uint32(mask[1])<<16 | uint32(mask[2])<<8 | uint32(mask[3])
	ones := 0
	for ones < 32 && v&(1<<(31-ones)) != 0 {
		ones++
	}
	if ones == 0 || v<<ones != 0 {
		return 0, fmt.Errorf("subnet mask %d.%d.%d.%d is not a usable prefix", mask[0], mask[1], mask[2], mask[3])
	}
	return ones, nil
}

// classfulBits is the RFC 791 class prefix length of a unicast address.
func classfulBits(a netip.Addr) int {
	switch b := a.As4()[0]; {
	case b < 128:
		return 8
	case b < 192:
		return 16
	default:
		return 24
	}
}

// leaseTimes reads options 51, 58 and 59. T1 and T2 default to 0.5 and 0.875
// of the lease (RFC 2131 section 4.4.5) when absent, zero or inconsistent
// (not T1 <= T2 <= lease).
func leaseTimes(o dhcpv4.Options) (lease, t1, t2 time.Duration) {
	lease = DefaultLeaseTime
	if s, ok := optSeconds(o, dhcpv4.OptionIPAddressLeaseTime); ok {
		lease = seconds(s)
	}
	if lease == Infinite {
		return Infinite, Infinite, Infinite
	}
	lease = max(lease, MinLeaseTime)
	t2 = lease / 8 * 7
	if s, ok := optSeconds(o, dhcpv4.OptionRebindingTimeValue); ok && s > 0 && seconds(s) <= lease {
		t2 = seconds(s)
	}
	t1 = min(lease/2, t2)
	if s, ok := optSeconds(o, dhcpv4.OptionRenewTimeValue); ok && s > 0 && seconds(s) <= t2 {
		t1 = seconds(s)
	}
	return lease, t1, t2
}

func seconds(s uint32) time.Duration {
	if s == math.MaxUint32 {
		return Infinite
	}
	return time.Duration(s) * time.Second
}

func optSeconds(o dhcpv4.Options, code dhcpv4.OptionCode) (uint32, bool) {
	v := o.Get(code)
	if len(v) != 4 {
		return 0, false
	}
	return uint32(v[0])<<24 | uint32(v[1])<<16 | uint32(v[2])<<8 | uint32(v[3]), true
}

// optAddrs reads a list of addresses, skipping those no host can use (0.0.0.0,
// broadcast, multicast, loopback). A malformed option reads as empty.
func optAddrs(o dhcpv4.Options, code dhcpv4.OptionCode) []netip.Addr {
	v := o.Get(code)
	if len(v) == 0 || len(v)%4 != 0 {
		return nil
	}
	var addrs []netip.Addr
	for i := 0; i < len(v); i += 4 {
		if a := usable(v[i : i+4]); a.IsValid() {
			addrs = append(addrs, a)
		}
	}
	return addrs
}

// MinMTU is the smallest MTU a lease may set: IPv4's 576-byte datagram
// every host must take (RFC 791), as dhcpcd has it; the option's own floor
// (68, RFC 2132 section 5.1) leaves no room for NFS.
const MinMTU = 576

// optMTU is option 26 (RFC 2132 section 5.1); 0 without it, or for one that
// is malformed or below MinMTU.
func optMTU(o dhcpv4.Options) int {
	v := o.Get(dhcpv4.OptionInterfaceMTU)
	if len(v) != 2 {
		return 0
	}
	if mtu := int(v[0])<<8 | int(v[1]); mtu >= MinMTU {
		return mtu
	}
	return 0
}

// optString reads a text option, dropping the NULs some servers pad it with.
func optString(o dhcpv4.Options, code dhcpv4.OptionCode) string {
	return strings.TrimRight(string(o.Get(code)), "\x00")
}

// usable converts a 4-byte address, returning the zero Addr for anything that
// cannot name a host.
func usable(b []byte) netip.Addr {
	a, ok := netip.AddrFromSlice(b)
	if !ok || !a.Is4() || a.IsUnspecified() || a.IsMulticast() || a.IsLoopback() ||
		a == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return netip.Addr{}
	}
	return a
}

// serverID is the server identifier (option 54) of m; the zero Addr without one.
func serverID(m *dhcpv4.DHCPv4) netip.Addr {
	return first(optAddrs(m.Options, dhcpv4.OptionServerIdentifier))
}

func first(addrs []netip.Addr) netip.Addr {
	if len(addrs) == 0 {
		return netip.Addr{}
	}
	return addrs[0]
}
