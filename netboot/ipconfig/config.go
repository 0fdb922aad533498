package ipconfig

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"
)

// Static reports whether c configures the client's address itself: an address is given
// and no autoconfiguration was asked for.
func (c Config) Static() bool { return c.Client.IsValid() && c.Mode == Off }

// PrefixLen returns the length of the network prefix: from Netmask when given, otherwise
// guessed from the class of the client's address (A: 8, B: 16, C: 24), as the kernel
// guesses it. It fails when there is neither a netmask nor a class-A/B/C client address.
func (c Config) PrefixLen() (int, error) {
	if c.Netmask.IsValid() {
		return maskLen(c.Netmask), nil
	}
	if !c.Client.IsValid() {
		return 0, errors.New("ip=: no netmask and no client address to guess one from")
	}
	switch first := c.Client.As4()[0]; {
	case first < 128:
		return 8, nil
	case first < 192:
		return 16, nil
	case first < 224:
		return 24, nil
	}
	return 0, errors.New("ip=: no netmask, and none can be guessed for client address " + c.Client.String())
}

// Prefix returns the client's address with its prefix length (see PrefixLen), as in
// 192.168.1.20/24; Masked gives the network.
func (c Config) Prefix() (netip.Prefix, error) {
	if !c.Client.IsValid() {
		return netip.Prefix{}, errors.New("ip=: no client address")
	}
	n, err := c.PrefixLen()
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(c.Client, n), nil
}

// String renders c in the kernel's syntax: the short form when only the mode (and a DHCP
// client identifier) is set, the colon-separated form otherwise. Parse(c.String()) gives c
// back for every c that Parse returned.
func (c Config) String() string {
	if c.onlyMode() {
		return c.modeText()
	}
	fields := [numFields]string{
		fieldClient:   addrText(c.Client),
		fieldServer:   addrText(c.Server),
		fieldGateway:  addrText(c.Gateway),
		fieldNetmask:  addrText(c.Netmask),
		fieldHostname: c.hostnameText(),
		fieldDevice:   c.Device,
		fieldAutoconf: c.modeText(),
		fieldNTP0:     addrText(c.NTP),
	}
	for i, a := range c.DNS[:min(len(c.DNS), 2)] {
		fields[fieldDNS0+i] = addrText(a)
	}
	n := numFields
	for n > 0 && fields[n-1] == "" {
		n--
	}
	return strings.Join(fields[:n], ":")
}

func (c Config) onlyMode() bool {
	return !c.Client.IsValid() && !c.Server.IsValid() && !c.Gateway.IsValid() &&
		!c.Netmask.IsValid() && c.Hostname == "" && c.NISDomain == "" && c.Device == "" &&
		len(c.DNS) == 0 && !c.NTP.IsValid()
}

func (c Config) modeText() string {
	if len(c.ClientID) == 0 {
		return c.Mode.String()
	}
	return dhcpClientIDPrefix + strconv.Itoa(int(c.ClientID[0])) + "," + string(c.ClientID[1:])
}

func (c Config) hostnameText() string {
	if c.NISDomain == "" {
		return c.Hostname
	}
	return c.Hostname + "." + c.NISDomain
}

func addrText(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}
