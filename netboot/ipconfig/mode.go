package ipconfig

import (
	"net/netip"
	"strconv"
	"strings"
)

// Mode is the <autoconf> method of ip=: how the address is obtained.
//
// When Client is also given with a dynamic mode, the kernel keeps that address and only asks
// the network for what is missing; Client is then a hint, and Static reports false.
type Mode int

const (
	Off   Mode = iota // "off", "none" (and "static"): no autoconfiguration; static if Client is set
	Any               // "on", "any": any protocol available (the kernel's default)
	DHCP              // "dhcp" (and dracut's "single-dhcp")
	BOOTP             // "bootp"
	RARP              // "rarp"
	Both              // "both": BOOTP and RARP but not DHCP (kept by the kernel for compatibility)
)

// String returns the keyword that selects m in ip=.
func (m Mode) String() string {
	switch m {
	case Off:
		return "off"
	case Any:
		return "on"
	case DHCP:
		return "dhcp"
	case BOOTP:
		return "bootp"
	case RARP:
		return "rarp"
	case Both:
		return "both"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

var modeNames = map[string]Mode{
	"off": Off, "none": Off, "static": Off,
	"on": Any, "any": Any,
	"dhcp": DHCP, "single-dhcp": DHCP,
	"bootp": BOOTP, "rarp": RARP, "both": Both,
}

// unsupportedModes are dracut methods airroot recognises but does not implement.
var unsupportedModes = map[string]string{
	"dhcp6":   "DHCPv6",
	"auto6":   "IPv6 autoconfiguration",
	"either6": "IPv6 autoconfiguration",
	"link6":   "IPv6 link-local configuration",
	"ibft":    "iSCSI Boot Firmware Table configuration",
}

const dhcpClientIDPrefix = "dhcp,"

// isMethodName reports whether s names an autoconf method, supported or not.
func isMethodName(s string) bool {
	_, known := modeNames[s]
	_, unsupported := unsupportedModes[s]
	return known || unsupported || strings.HasPrefix(s, dhcpClientIDPrefix)
}

// parseMode parses an <autoconf> field: a method, or "dhcp,<type>,<value>".
func parseMode(s string) (Mode, []byte, error) {
	if rest, ok := strings.CutPrefix(s, dhcpClientIDPrefix); ok {
		id, err := parseClientID(rest)
		return DHCP, id, err
	}
	if m, ok := modeNames[s]; ok {
		return m, nil, nil
	}
	if what, ok := unsupportedModes[s]; ok {
		return Off, nil, unsupportedf("%s is not supported (airroot configures IPv4: use dhcp, on, off or a static address)", what)
	}
	return Off, nil, invalidf("unknown method (want off, none, on, any, dhcp, bootp, rarp or both)")
}

// maxClientID is the longest client identifier value the kernel keeps (option 61 holds at
// most 255 bytes; the kernel's buffer leaves 251 for the value).
const maxClientID = 251

// parseClientID parses "<type>,<value>" of "dhcp,<type>,<value>". The type is a number
// from 0 to 255 (decimal, 0x hex or 0 octal, as the kernel's kstrtou8 reads it).
func parseClientID(s string) ([]byte, error) {
	typ, value, ok := strings.Cut(s, ",")
	if !ok || value == "" {
		return nil, invalidf("want dhcp,<client-id-type>,<client-id-value>")
	}
	t, err := strconv.ParseUint(typ, 0, 8)
	if err != nil || strings.Contains(typ, "_") {
		return nil, invalidf("client identifier type %q is not a number from 0 to 255", typ)
	}
	if len(value) > maxClientID {
		return nil, tooLongf("client identifier is %d bytes, at most %d", len(value), maxClientID)
	}
	return append([]byte{byte(t)}, value...), nil
}

// defaultMode is the mode when <autoconf> is empty or missing: static when the client's
// address is given, autoconfiguration by any protocol otherwise.
func defaultMode(client netip.Addr) Mode {
	if client.IsValid() {
		return Off
	}
	return Any
}
