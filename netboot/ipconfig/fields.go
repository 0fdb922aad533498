package ipconfig

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
	"strconv"
	"strings"
)

// parseAddr parses an IPv4 address field. 0.0.0.0 means "not given", as in the kernel.
func parseAddr(f string) (netip.Addr, error) {
	a, err := netip.ParseAddr(f)
	if err != nil || !a.Is4() {
		if looksNumeric(f) && strings.Count(f, ".") == 0 {
			return netip.Addr{}, invalidf("not an IPv4 address (want a.b.c.d; dracut's <mtu> field is not supported here)")
		}
		return netip.Addr{}, invalidf("not an IPv4 address (want a.b.c.d)")
	}
	if a.IsUnspecified() {
		return netip.Addr{}, nil
	}
	return a, nil
}

// parseHostAddr parses the address of one host (the client or the gateway): not a
// broadcast, multicast or loopback address.
func parseHostAddr(f string) (netip.Addr, error) {
	a, err := parseAddr(f)
	switch {
	case err != nil:
		return netip.Addr{}, err
	case a == netip.AddrFrom4([4]byte{255, 255, 255, 255}), a.IsMulticast(), a.IsLoopback():
		return netip.Addr{}, invalidf("not the address of a host")
	}
	return a, nil
}

// parseNetmask parses a contiguous netmask a.b.c.d, or (as dracut allows) a prefix length
// from 1 to 32. 0.0.0.0 means "not given", as in the kernel.
func parseNetmask(f string) (netip.Addr, error) {
	if n, err := strconv.Atoi(f); err == nil && !strings.ContainsAny(f, "+-") {
		if n < 1 || n > 32 {
			return netip.Addr{}, invalidf("prefix length %d is not between 1 and 32", n)
		}
		return maskFromLen(n), nil
	}
	a, err := parseAddr(f)
	if err != nil {
		return netip.Addr{}, invalidf("not a netmask (want a.b.c.d or a prefix length)")
	}
	if a.IsValid() && !isContiguous(a) {
		return netip.Addr{}, invalidf("not a contiguous netmask")
	}
	return a, nil
}

func maskToUint32(a netip.Addr) uint32 {
	b := a.As4()
	return binary.BigEndian.Uint32(b[:])
}

func isContiguous(mask netip.Addr) bool {
	inv := ^maskToUint32(mask)
	return inv&(inv+1) == 0
}

func maskLen(mask netip.Addr) int { return bits.OnesCount32(maskToUint32(mask)) }

func maskFromLen(n int) netip.Addr {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], ^uint32(0)<<(32-n))
	return netip.AddrFrom4(b)
}

// maxUTSName is the kernel's __NEW_UTS_LEN: the longest host name (and NIS domain name).
const maxUTSName = 64

// parseHostname splits <hostname> at its first '.' into the host name and the NIS domain
// name, as the kernel does, and checks both.
func parseHostname(f string) (host, domain string, err error) {
	host, domain, _ = strings.Cut(f, ".")
	switch {
	case host == "":
		return "", "", invalidf("empty host name before the '.'")
	case len(host) > maxUTSName:
		return "", "", tooLongf("host name is %d bytes, at most %d", len(host), maxUTSName)
	case len(domain) > maxUTSName:
		return "", "", tooLongf("NIS domain name is %d bytes, at most %d", len(domain), maxUTSName)
	}
	if c, ok := badByte(f, isHostnameByte); ok {
		return "", "", invalidf("character %q is not allowed (letters, digits, '-', '_' and '.')", c)
	}
	return host, domain, nil
}

func isHostnameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.'
}

// maxDeviceName is IFNAMSIZ-1: the longest network interface name.
const maxDeviceName = 15

// parseDevice checks an interface name the way the kernel's dev_valid_name does.
func parseDevice(f string) (string, error) {
	if len(f) > maxDeviceName {
		return "", tooLongf("interface name is %d bytes, at most %d", len(f), maxDeviceName)
	}
	if f == "." || f == ".." {
		return "", invalidf("not an interface name")
	}
	if c, ok := badByte(f, isDeviceByte); ok {
		return "", invalidf("character %q is not allowed in an interface name", c)
	}
	return f, nil
}

func isDeviceByte(c byte) bool {
	return c > ' ' && c < 0x7f && c != '/' && c != ':'
}

// badByte returns the first byte of s that ok rejects.
func badByte(s string, ok func(byte) bool) (byte, bool) {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return s[i], true
		}
	}
	return 0, false
}

// looksNumeric reports whether s holds only digits and dots, so was meant as an address.
func looksNumeric(s string) bool {
	_, bad := badByte(s, func(c byte) bool { return '0' <= c && c <= '9' || c == '.' })
	return !bad
}
