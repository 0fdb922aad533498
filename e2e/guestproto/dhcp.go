package guestproto

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// FixtureDHCP is the access point's own network when it routes rather than bridges:
// the NIC keeps slirp's guest address, the radio gets ServerAddr, and a DHCP server on
// the radio leases ClientAddr for LeaseSeconds. Proxy ARP on both sides makes the
// station and slirp reach each other through the access point.
type FixtureDHCP struct {
	// NICAddr is the NIC's address and prefix ("10.0.2.15/24").
	NICAddr string `json:"nic_addr"`
	// ServerAddr is the radio's address and the DHCP server's identifier ("10.0.2.1").
	ServerAddr string `json:"server_addr"`
	// ClientAddr is the one address leased (with Dnsmasq, its range's first), with
	// its prefix ("10.0.2.100/24").
	ClientAddr string `json:"client_addr"`
	// Router and DNS are handed to the client.
	Router string `json:"router"`
	DNS    string `json:"dns"`
	// LeaseSeconds is the lease's length; renewal is due at half of it.
	LeaseSeconds int `json:"lease_seconds"`
	// RootPath, when set, is sent as option 17, the root disk's path (RFC 2132 3.19).
	RootPath string `json:"root_path,omitempty"`
	// Hostname, when set, is sent as option 12, the client's name (RFC 2132 3.14).
	Hostname string `json:"hostname,omitempty"`
	// NakRenewals is how many times the server forgets the client's binding at a
	// renewal: it NAKs that renewal and every renewal or rebinding after it until the
	// client starts over, as a server that lost its lease database does. 0: never.
	NakRenewals int `json:"nak_renewals,omitempty"`
	// QuietLeases is how many leases, from the first, the server lets run to their
	// T2 without answering a renewal: the client must rebind (broadcast) to keep its
	// address, as it must when the server is away for a while. 0: never.
	QuietLeases int `json:"quiet_leases,omitempty"`
	// MoveTo, when set, is the address (in ClientAddr's prefix) the server leases
	// instead of ClientAddr for MoveSeconds after it forgets the binding
	// (NakRenewals): what a server does that lost its leases and gives the client's
	// address up, until someone pins it.
	MoveTo      string `json:"move_to,omitempty"`
	MoveSeconds int    `json:"move_seconds,omitempty"`
	// RoutedNet, when set, is a network the server routes through Router with
	// classless static routes (option 121, RFC 3442), beside a default route
	// through Router: the client must prefer them to option 3.
	RoutedNet string `json:"routed_net,omitempty"`
	// MTU, when set, is sent as option 26, the client's interface MTU (RFC 2132 5.1).
	MTU int `json:"mtu,omitempty"`
	// ForgetOnAPRestart has the server forget its binding when the access point's
	// hostapd is replaced, as a router that restarts with its Wi-Fi and keeps its
	// leases in RAM: renewals are NAKed until the client starts over or confirms
	// its lease (INIT-REBOOT), which the server then records again.
	ForgetOnAPRestart bool `json:"forget_on_ap_restart,omitempty"`
	// Dnsmasq, when set, has Debian's dnsmasq lease instead of the fixture's own
	// server.
	Dnsmasq *FixtureDnsmasq `json:"dnsmasq,omitempty"`
}

// Validate reports fields that do not parse or do not fit together.
func (d FixtureDHCP) Validate() error {
	var errs []error
	nic, err := netip.ParsePrefix(d.NICAddr)
	if err != nil {
		errs = append(errs, fmt.Errorf("nic_addr: %w", err))
	}
	client, err := netip.ParsePrefix(d.ClientAddr)
	if err != nil {
		errs = append(errs, fmt.Errorf("client_addr: %w", err))
	}
	for _, f := range []struct{ name, value string }{{"server_addr", d.ServerAddr}, {"router", d.Router}, {"dns", d.DNS}} {
		if _, err := netip.ParseAddr(f.value); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.name, err))
		}
	}
	if err == nil && nic.IsValid() && nic.Addr() == client.Addr() {
		errs = append(errs, errors.New("the NIC and the client cannot share an address"))
	}
	if _, err := netip.ParsePrefix(d.RoutedNet); d.RoutedNet != "" && err != nil {
		errs = append(errs, fmt.Errorf("routed_net: %w", err))
	}
	if d.MTU != 0 && (d.MTU < 68 || d.MTU > 0xffff) {
		errs = append(errs, fmt.Errorf("mtu %d: want 68 to 65535", d.MTU))
	}
	if d.ForgetOnAPRestart && d.Dnsmasq != nil {
		errs = append(errs, errors.New("forget_on_ap_restart: the fixture's own server's, not dnsmasq's"))
	}
	if d.LeaseSeconds <= 0 {
		errs = append(errs, fmt.Errorf("lease_seconds %d: want a positive number", d.LeaseSeconds))
	}
	if d.RootPath != "" && !validRootPath(d.RootPath) {
		errs = append(errs, fmt.Errorf("root_path %q: want an absolute path, or SERVER:/PATH", d.RootPath))
	}
	if d.Hostname != "" && !validHostname(d.Hostname) {
		errs = append(errs, fmt.Errorf("hostname %q: want 1 to 64 letters, digits, '-' and '.'", d.Hostname))
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"nak_renewals", d.NakRenewals}, {"quiet_leases", d.QuietLeases}, {"move_seconds", d.MoveSeconds}} {
		if f.v < 0 {
			errs = append(errs, fmt.Errorf("%s %d: want 0 or more", f.name, f.v))
		}
	}
	if d.MoveTo != "" {
		errs = append(errs, d.validateMove(client)...)
	}
	if d.Dnsmasq != nil && client.IsValid() {
		errs = append(errs, d.validateDnsmasq(client)...)
	}
	return errors.Join(errs...)
}

// validRootPath reports whether p is what a root-path option holds for an NFS root
// (the kernel's nfsroot.rst: [<server>:]<root-dir>): an absolute path, alone or
// after a server.
func validRootPath(p string) bool {
	if !strings.HasPrefix(p, "/") {
		_, p, _ = strings.Cut(p, ":")
	}
	return strings.HasPrefix(p, "/")
}

// Leased are the addresses the server may lease: ClientAddr's, MoveTo, or dnsmasq's
// range. The fixture routes each of them to the radio.
func (d FixtureDHCP) Leased() []netip.Addr {
	client, err := netip.ParsePrefix(d.ClientAddr)
	if err != nil {
		return nil
	}
	leased := []netip.Addr{client.Addr()}
	if to, err := netip.ParseAddr(d.MoveTo); err == nil {
		leased = append(leased, to)
	}
	if d.Dnsmasq != nil {
		end, err := netip.ParseAddr(d.Dnsmasq.RangeEnd)
		for a := client.Addr().Next(); err == nil && !end.Less(a) && len(leased) < maxDnsmasqRange; a = a.Next() {
			leased = append(leased, a)
		}
	}
	return leased
}

// validHostname reports whether name fits the kernel's hostname (at most 64 bytes,
// __NEW_UTS_LEN) and RFC 1123's characters.
func validHostname(name string) bool {
	if len(name) == 0 || len(name) > 64 {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// validateMove checks MoveTo against the client's prefix.
func (d FixtureDHCP) validateMove(client netip.Prefix) []error {
	to, err := netip.ParseAddr(d.MoveTo)
	switch {
	case err != nil:
		return []error{fmt.Errorf("move_to: %w", err)}
	case to == client.Addr() || !client.Contains(to):
		return []error{fmt.Errorf("move_to %s: want another address in %s", to, client)}
	case d.NakRenewals == 0 || d.MoveSeconds == 0:
		return []error{errors.New("move_to needs nak_renewals (when to move) and move_seconds (for how long)")}
	}
	return nil
}
