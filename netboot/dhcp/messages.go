package dhcp

import (
	"net"
	"net/netip"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/iana"
)

// requestedOptions is our parameter request list (option 55), in numeric
// order: subnet mask, router, DNS, host name, domain, root path, interface
// MTU, broadcast address, lease time, server identifier, T1, T2, domain
// search list, classless static routes.
var requestedOptions = []dhcpv4.OptionCode{
	dhcpv4.OptionSubnetMask,
	dhcpv4.OptionRouter,
	dhcpv4.OptionDomainNameServer,
	dhcpv4.OptionHostName,
	dhcpv4.OptionDomainName,
	dhcpv4.OptionRootPath,
	dhcpv4.OptionInterfaceMTU,
	dhcpv4.OptionBroadcastAddress,
	dhcpv4.OptionIPAddressLeaseTime,
	dhcpv4.OptionServerIdentifier,
	dhcpv4.OptionRenewTimeValue,
	dhcpv4.OptionRebindingTimeValue,
	dhcpv4.OptionDNSDomainSearchList,
	dhcpv4.OptionClasslessStaticRoute,
}

// maxMessageSize (option 57) is what fits an Ethernet frame.
const maxMessageSize = 1500

// message builds a BOOTREQUEST of type t. All carry our client identifier,
// if any; all but RELEASE and DECLINE carry the parameter request list, the
// maximum message size and our host name (RFC 2131 table 5: MUST NOT there).
// Built here rather than with dhcpv4.New, which waits for the kernel's CRNG
// to draw a transaction id.
func (c *Client) message(t dhcpv4.MessageType, mods ...dhcpv4.Modifier) *dhcpv4.DHCPv4 {
	m := &dhcpv4.DHCPv4{
		OpCode:        dhcpv4.OpcodeBootRequest,
		HWType:        iana.HWTypeEthernet,
		ClientHWAddr:  c.hwaddr,
		TransactionID: c.newXID(),
		ClientIPAddr:  net.IPv4zero,
		YourIPAddr:    net.IPv4zero,
		ServerIPAddr:  net.IPv4zero,
		GatewayIPAddr: net.IPv4zero,
		Options:       dhcpv4.Options{},
	}
	m.UpdateOption(dhcpv4.OptMessageType(t))
	if c.clientID != nil {
		m.UpdateOption(dhcpv4.OptClientIdentifier(c.clientID))
	}
	if t != dhcpv4.MessageTypeRelease && t != dhcpv4.MessageTypeDecline {
		m.UpdateOption(dhcpv4.OptParameterRequestList(requestedOptions...))
		m.UpdateOption(dhcpv4.OptMaxMessageSize(maxMessageSize))
		if c.hostname != "" {
			m.UpdateOption(dhcpv4.OptHostName(c.hostname))
		}
	}
	for _, mod := range mods {
		mod(m)
	}
	return m
}

// discover is the DHCPDISCOVER of INIT (RFC 2131 section 4.4.1), suggesting
// want (option 50) when it is valid.
func (c *Client) discover(want netip.Addr) *dhcpv4.DHCPv4 {
	m := c.message(dhcpv4.MessageTypeDiscover)
	if want.IsValid() {
		m.UpdateOption(dhcpv4.OptRequestedIPAddress(ip(want)))
	}
	return m
}

// selecting is the DHCPREQUEST that takes an offer: requested address and
// server identifier (if the offer had one) set, ciaddr zero, the DISCOVER's
// transaction id.
func (c *Client) selecting(offer *dhcpv4.DHCPv4, server netip.Addr) *dhcpv4.DHCPv4 {
	m := c.message(dhcpv4.MessageTypeRequest,
		dhcpv4.WithTransactionID(offer.TransactionID),
		dhcpv4.WithOption(dhcpv4.OptRequestedIPAddress(offer.YourIPAddr)))
	if server.IsValid() {
		m.UpdateOption(dhcpv4.OptServerIdentifier(ip(server)))
	}
	return m
}

// extending is the DHCPREQUEST of RENEWING and REBINDING: ciaddr set, neither
// requested address nor server identifier.
func (c *Client) extending(addr netip.Addr) *dhcpv4.DHCPv4 {
	return c.message(dhcpv4.MessageTypeRequest, dhcpv4.WithClientIP(ip(addr)))
}

// rebooting is the DHCPREQUEST of INIT-REBOOT: the requested address set,
// ciaddr zero, no server identifier.
func (c *Client) rebooting(addr netip.Addr) *dhcpv4.DHCPv4 {
	return c.message(dhcpv4.MessageTypeRequest, dhcpv4.WithOption(dhcpv4.OptRequestedIPAddress(ip(addr))))
}

// decline is the DHCPDECLINE that tells server that addr is in use (RFC 2131
// section 4.4.1): requested address and server identifier set, ciaddr zero,
// the REQUEST's transaction id.
func (c *Client) decline(xid dhcpv4.TransactionID, addr, server netip.Addr) *dhcpv4.DHCPv4 {
	return c.message(dhcpv4.MessageTypeDecline,
		dhcpv4.WithTransactionID(xid),
		dhcpv4.WithOption(dhcpv4.OptRequestedIPAddress(ip(addr))),
		dhcpv4.WithOption(dhcpv4.OptServerIdentifier(ip(server))))
}

// release is the DHCPRELEASE that gives addr back to server.
func (c *Client) release(addr, server netip.Addr) *dhcpv4.DHCPv4 {
	return c.message(dhcpv4.MessageTypeRelease,
		dhcpv4.WithClientIP(ip(addr)),
		dhcpv4.WithOption(dhcpv4.OptServerIdentifier(ip(server))))
}

func ip(a netip.Addr) net.IP { return net.IP(a.AsSlice()) }
