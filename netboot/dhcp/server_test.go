package dhcp

import (
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

var (
	serverAddr = netip.MustParseAddr("192.0.2.1")
	poolAddr   = netip.MustParseAddr("192.0.2.50")
	clientMAC  = net.HardwareAddr{0x02, 0, 0, 0xaa, 0xbb, 0xcc}
)

// fakeServer is a DHCP server with a pool of one address.
type fakeServer struct {
	id      netip.Addr
	addr    netip.Addr
	lease   time.Duration
	options []dhcpv4.Option // sent in OFFERs and in ACKs to SELECTING or INIT-REBOOT requests

	mu          sync.Mutex
	ignore      map[dhcpv4.MessageType]int // how many messages of each type to leave unanswered; -1: all
	refuse      int                        // how many REQUESTs to NAK
	spoil       int                        // how many ACKs to send without an address
	bareRenewal bool                       // ACK renewals with times only, as Windows does
	ackOther    netip.Addr                 // if valid, the address every ACK names instead of the one asked for
	seen        []dhcpv4.MessageType       // every message received, in order
}

func newFakeServer() *fakeServer {
	return &fakeServer{
		id:    serverAddr,
		addr:  poolAddr,
		lease: time.Hour,
		options: []dhcpv4.Option{
			dhcpv4.OptSubnetMask(net.CIDRMask(24, 32)),
			dhcpv4.OptRouter(net.IPv4(192, 0, 2, 254)),
			dhcpv4.OptDNS(net.IPv4(192, 0, 2, 53), net.IPv4(198, 51, 100, 53)),
			dhcpv4.OptDomainName("lan.example"),
			dhcpv4.OptRootPath("/srv/nfs/pi"),
		},
		ignore: map[dhcpv4.MessageType]int{},
	}
}

// reply answers req as a server would, or returns nil to stay silent.
func (s *fakeServer) reply(req *dhcpv4.DHCPv4) *dhcpv4.DHCPv4 {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := req.MessageType()
	s.seen = append(s.seen, t)
	if n := s.ignore[t]; n != 0 {
		s.ignore[t] = n - 1
		return nil
	}
	switch t {
	case dhcpv4.MessageTypeDiscover:
		return s.answer(req, dhcpv4.MessageTypeOffer, s.addr, s.options)
	case dhcpv4.MessageTypeRequest:
		return s.request(req)
	}
	return nil
}

func (s *fakeServer) request(req *dhcpv4.DHCPv4) *dhcpv4.DHCPv4 {
	if id := req.ServerIdentifier(); id != nil && !id.Equal(ip(s.id)) {
		return nil // taking another server's offer
	}
	asked := usable(req.RequestedIPAddress().To4())
	renewal := !asked.IsValid()
	if renewal {
		asked = usable(req.ClientIPAddr.To4())
	}
	if s.refuse > 0 || asked != s.addr {
		s.refuse = max(s.refuse-1, 0)
		return s.answer(req, dhcpv4.MessageTypeNak, netip.IPv4Unspecified(),
			[]dhcpv4.Option{dhcpv4.OptMessage("address not available")})
	}
	options := s.options
	if renewal && s.bareRenewal {
		options = nil
	}
	if s.ackOther.IsValid() {
		asked = s.ackOther
	}
	if s.spoil > 0 {
		s.spoil--
		asked = netip.IPv4Unspecified()
	}
	return s.answer(req, dhcpv4.MessageTypeAck, asked, options)
}

func (s *fakeServer) answer(req *dhcpv4.DHCPv4, t dhcpv4.MessageType, yiaddr netip.Addr, options []dhcpv4.Option) *dhcpv4.DHCPv4 {
	m := &dhcpv4.DHCPv4{
		OpCode:        dhcpv4.OpcodeBootReply,
		HWType:        req.HWType,
		TransactionID: req.TransactionID,
		ClientHWAddr:  req.ClientHWAddr,
		ClientIPAddr:  req.ClientIPAddr,
		YourIPAddr:    ip(yiaddr),
		ServerIPAddr:  ip(s.id),
		GatewayIPAddr: net.IPv4zero,
		Options:       dhcpv4.Options{},
	}
	m.UpdateOption(dhcpv4.OptMessageType(t))
	m.UpdateOption(dhcpv4.OptServerIdentifier(ip(s.id)))
	if t != dhcpv4.MessageTypeNak {
		m.UpdateOption(dhcpv4.OptIPAddressLeaseTime(s.lease))
	}
	for _, o := range options {
		m.UpdateOption(o)
	}
	return m
}

// received returns the types of the messages received so far.
func (s *fakeServer) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var types []string
	for _, t := range s.seen {
		types = append(types, t.String())
	}
	return types
}
