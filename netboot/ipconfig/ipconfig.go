// Package ipconfig parses the kernel's ip= (alias nfsaddrs=) boot parameter, in the kernel's
// forms and dracut's ip=<interface>:<autoconf> form, into a typed network configuration.
package ipconfig

import (
	"net/netip"
	"strings"
)

// Config is one ip= parameter. Addresses that were not given (an empty field, or 0.0.0.0,
// which the kernel treats the same way) are the zero netip.Addr.
type Config struct {
	Client  netip.Addr // the client's own address
	Server  netip.Addr // the boot server; the default NFS server when nfsroot= names none
	Gateway netip.Addr // the default gateway
	Netmask netip.Addr // as given (a.b.c.d, or dracut's prefix length converted); see PrefixLen

	// Hostname is the <hostname> field up to its first '.'; what follows goes to NISDomain,
	// as the kernel splits it (nodename and NIS domainname). Each is at most 64 bytes.
	Hostname  string
	NISDomain string

	Device string // network interface; "" = choose automatically
	Mode   Mode   // the <autoconf> method, defaulted as the kernel does (see Mode)

	// ClientID is the DHCP client identifier (option 61) from "dhcp,<type>,<value>":
	// the type byte followed by the value's bytes; nil when not given.
	ClientID []byte

	DNS []netip.Addr // dns0 and dns1, those given, in order
	NTP netip.Addr   // ntp0
}

// Field positions in the colon-separated long form.
const (
	fieldClient = iota
	fieldServer
	fieldGateway
	fieldNetmask
	fieldHostname
	fieldDevice
	fieldAutoconf
	fieldDNS0
	fieldDNS1
	fieldNTP0
	numFields
)

var fieldNames = [numFields]string{
	"client address", "server address", "gateway address", "netmask", "hostname",
	"device", "autoconf method", "dns0 address", "dns1 address", "ntp0 address",
}

// Parse parses the value of an ip= parameter (the text after "ip="):
//
//	ip=<client-ip>:<server-ip>:<gw-ip>:<netmask>:<hostname>:<device>:<autoconf>:<dns0-ip>:<dns1-ip>:<ntp0-ip>
//	ip=<autoconf>                  short form: off, none, on, any, dhcp, bootp, rarp, both
//	ip=dhcp,<type>,<client-id>     DHCP with a client identifier
//	ip=<interface>:<autoconf>      dracut's per-interface form
//
// Trailing fields may be left out and any field may be empty. An empty value means off, as
// in the kernel. When <autoconf> is empty, the mode is Off (static configuration) if a
// client address is given and Any otherwise. Beyond the kernel, the netmask may be a prefix
// length (dracut), "static" means off, and dracut's "single-dhcp" means dhcp; dracut's IPv6
// methods (dhcp6, auto6, either6, link6) and ibft are reported as ErrUnsupported.
// Unlike the kernel, which quietly ignores what it cannot read, Parse rejects unknown
// methods, malformed addresses, a non-contiguous netmask, a gateway outside the client's
// network and more than ten fields, with a *FieldError naming the field and the value.
func Parse(v string) (Config, error) {
	if c, ok, err := parseShortForm(v); ok {
		return c, err
	}
	fields := strings.Split(v, ":")
	if len(fields) > numFields && strings.Contains(v, "[") {
		// dracut's ip=[<client-ipv6>]::[<gw-ipv6>]:<prefix>:...
		return Config{}, &FieldError{Field: "value", Value: v,
			Err: unsupportedf("IPv6 addresses are not supported (airroot configures IPv4: use dhcp, on, off or a static IPv4 address)")}
	}
	if len(fields) > numFields {
		return Config{}, &FieldError{Field: "value", Value: v,
			Err: invalidf("%d fields, at most %d (dracut's <mtu> and <macaddr> after <autoconf> are not supported)", len(fields), numFields)}
	}
	if isInterfaceForm(fields) {
		return parseInterfaceForm(fields)
	}
	if len(fields) == 1 && !looksNumeric(v) {
		// A word, not an address: a method misspelt (ip=dhpc).
		_, _, err := parseMode(v)
		return Config{}, &FieldError{Field: fieldNames[fieldAutoconf], Value: v, Err: err}
	}
	var c Config
	autoconfGiven := false
	for i, f := range fields {
		if f == "" {
			continue
		}
		if err := c.setField(i, f); err != nil {
			return Config{}, err
		}
		autoconfGiven = autoconfGiven || i == fieldAutoconf
	}
	if !autoconfGiven {
		c.Mode = defaultMode(c.Client)
	}
	if err := c.checkGateway(); err != nil {
		return Config{}, &FieldError{Field: fieldNames[fieldGateway], Value: c.Gateway.String(), Err: err}
	}
	return c, nil
}

// parseShortForm handles a value that is a bare autoconf method (or empty). ok is false
// when v must be read as the long form.
func parseShortForm(v string) (c Config, ok bool, err error) {
	if v == "" {
		return Config{Mode: Off}, true, nil
	}
	if !isMethodName(v) {
		return Config{}, false, nil
	}
	mode, clientID, err := parseMode(v)
	if err != nil {
		return Config{}, true, &FieldError{Field: fieldNames[fieldAutoconf], Value: v, Err: err}
	}
	return Config{Mode: mode, ClientID: clientID}, true, nil
}

// isInterfaceForm reports whether fields look like dracut's ip=<interface>:<autoconf>[...]:
// the first field is not an address and the second is an autoconf method.
func isInterfaceForm(fields []string) bool {
	if len(fields) < 2 || fields[0] == "" || looksNumeric(fields[0]) {
		return false
	}
	return isMethodName(fields[1])
}

func parseInterfaceForm(fields []string) (Config, error) {
	if len(fields) > 2 && strings.Join(fields[2:], "") != "" { // empty ones, as dracut's ip=eth0:dhcp::, are fine
		return Config{}, &FieldError{Field: "value", Value: strings.Join(fields, ":"),
			Err: unsupportedf("dracut's <mtu> and <macaddr> fields after ip=<interface>:<autoconf> are not supported")}
	}
	var c Config
	if err := c.setField(fieldDevice, fields[0]); err != nil {
		return Config{}, err
	}
	if err := c.setField(fieldAutoconf, fields[1]); err != nil {
		return Config{}, err
	}
	return c, nil
}

// setField parses the non-empty text f of field number i into c, or returns a *FieldError.
func (c *Config) setField(i int, f string) error {
	if err := c.parseField(i, f); err != nil {
		return &FieldError{Field: fieldNames[i], Value: f, Err: err}
	}
	return nil
}

func (c *Config) parseField(i int, f string) error {
	var err error
	switch i {
	case fieldClient:
		c.Client, err = parseHostAddr(f)
	case fieldServer:
		c.Server, err = parseAddr(f)
	case fieldGateway:
		c.Gateway, err = parseHostAddr(f)
	case fieldNetmask:
		c.Netmask, err = parseNetmask(f)
	case fieldHostname:
		c.Hostname, c.NISDomain, err = parseHostname(f)
	case fieldDevice:
		c.Device, err = parseDevice(f)
	case fieldAutoconf:
		c.Mode, c.ClientID, err = parseMode(f)
	case fieldDNS0, fieldDNS1:
		err = c.addDNS(f)
	case fieldNTP0:
		c.NTP, err = parseAddr(f)
	}
	return err
}

func (c *Config) addDNS(f string) error {
	a, err := parseAddr(f)
	if err == nil && a.IsValid() {
		c.DNS = append(c.DNS, a)
	}
	return err
}

// checkGateway reports a gateway that is not on the client's network, which the kernel
// only discovers when it adds the route ("Gateway not on directly connected network").
func (c Config) checkGateway() error {
	if !c.Client.IsValid() || !c.Gateway.IsValid() {
		return nil
	}
	p, err := c.Prefix()
	if err != nil {
		return nil // no netmask and none to guess: nothing to check against
	}
	if !p.Contains(c.Gateway) {
		return invalidf("not on the client's network %s", p.Masked())
	}
	return nil
}
