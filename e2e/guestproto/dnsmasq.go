package guestproto

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"path"
)

// FixtureDnsmasq has Debian's dnsmasq lease on the radio instead of the fixture's own
// server, as a user's dnsmasq.conf does for a Pi: addresses from FixtureDHCP's
// ClientAddr to RangeEnd, PinAddr always to PinMAC under FixtureDHCP.Hostname
// (dhcp-host=MAC,IP,NAME), FixtureDHCP.RootPath as option 17. The faults
// (NakRenewals, QuietLeases, MoveTo) need the fixture's own server.
type FixtureDnsmasq struct {
	// Program is dnsmasq's path in the initramfs.
	Program string `json:"program"`
	// RangeEnd is the range's last address.
	RangeEnd string `json:"range_end"`
	// PinMAC and PinAddr are the station's MAC and the address pinned to it.
	PinMAC  string `json:"pin_mac"`
	PinAddr string `json:"pin_addr"`
	// LeaseFile is dnsmasq's lease database (--dhcp-leasefile).
	LeaseFile string `json:"lease_file"`
}

const (
	// maxDnsmasqRange bounds the range: the fixture routes each of its addresses.
	maxDnsmasqRange = 16
	// minDnsmasqLease is dnsmasq's shortest lease: it lengthens shorter ones to
	// two minutes.
	minDnsmasqLease = 120
)

// validateDnsmasq checks d.Dnsmasq against the range's start, client's address.
func (d FixtureDHCP) validateDnsmasq(client netip.Prefix) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf("dnsmasq: "+format, args...)) }
	m := d.Dnsmasq
	for _, f := range []struct{ name, value string }{{"program", m.Program}, {"lease_file", m.LeaseFile}} {
		if !path.IsAbs(f.value) {
			add("%s %q: want an absolute path", f.name, f.value)
		}
	}
	end, err := netip.ParseAddr(m.RangeEnd)
	switch {
	case err != nil:
		add("range_end: %w", err)
	case !end.Is4() || !client.Contains(end) || end.Less(client.Addr()):
		add("range_end %s: want an address of %s from %s on", end, client.Masked(), client.Addr())
	case span(client.Addr(), end) > maxDnsmasqRange:
		add("range %s to %s: want at most %d addresses", client.Addr(), end, maxDnsmasqRange)
	}
	if pin, err := netip.ParseAddr(m.PinAddr); err != nil || pin.Less(client.Addr()) || err == nil && end.IsValid() && end.Less(pin) {
		add("pin_addr %q: want an address of the range", m.PinAddr)
	}
	if _, err := net.ParseMAC(m.PinMAC); err != nil {
		add("pin_mac: %w", err)
	}
	if d.NakRenewals != 0 || d.QuietLeases != 0 || d.MoveTo != "" {
		errs = append(errs, errors.New("dnsmasq: NAKed renewals, quiet leases and moves need the fixture's own server"))
	}
	if d.LeaseSeconds < minDnsmasqLease {
		add("lease_seconds %d: dnsmasq leases for %d s at least", d.LeaseSeconds, minDnsmasqLease)
	}
	return errs
}

// span is how many IPv4 addresses run from first to last, both counted.
func span(first, last netip.Addr) uint32 {
	a, b := first.As4(), last.As4()
	return binary.BigEndian.Uint32(b[:]) - binary.BigEndian.Uint32(a[:]) + 1
}
