package main

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/netboot/link"
	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/dhcpv4/nclient4"
)

// dhcpTimeout bounds one exchange.
const dhcpTimeout = 30 * time.Second

// stationInterface is the station's interface (the access point's radio is in a
// namespace of its own).
const stationInterface = "wlan0"

// leaseAddress runs rounds DHCP exchanges, DISCOVER to ACK, with a client that
// sends no ARP probe (nclient4, independent of airroot's own), and gives the
// station the last lease's address and route, untimed.
func leaseAddress(rounds int) (netip.Prefix, error) {
	var ack *dhcpv4.DHCPv4
	for round := 1; round <= rounds; round++ {
		var err error
		if ack, err = exchange(); err != nil {
			return netip.Prefix{}, err
		}
	}
	addr, ok := netip.AddrFromSlice(ack.YourIPAddr.To4())
	ones, _ := ack.SubnetMask().Size()
	if !ok || ones == 0 {
		return netip.Prefix{}, fmt.Errorf("DHCP ACK gives no usable address (%v/%v)", ack.YourIPAddr, ack.SubnetMask())
	}
	prefix := netip.PrefixFrom(addr, ones)
	var gw netip.Addr
	if routers := ack.Router(); len(routers) > 0 {
		gw, _ = netip.AddrFromSlice(routers[0].To4())
	}
	return prefix, link.Configure(stationInterface, prefix, gw)
}

// exchange is one DISCOVER, OFFER, REQUEST, ACK, timed as a whole and in the
// waits for the server's two answers.
func exchange() (*dhcpv4.DHCPv4, error) {
	ctx, cancel := context.WithTimeout(context.Background(), dhcpTimeout)
	defer cancel()
	start := time.Now()
	waits := &replyTimer{}
	c, err := nclient4.New(stationInterface, nclient4.WithLogger(waits))
	if err != nil {
		return nil, fmt.Errorf("DHCP on %s: %w", stationInterface, err)
	}
	defer c.Close()
	offer, err := c.DiscoverOffer(ctx)
	if err != nil {
		return nil, fmt.Errorf("DHCP on %s: discover: %w", stationInterface, err)
	}
	lease, err := c.RequestFromOffer(ctx, offer)
	if err != nil {
		return nil, fmt.Errorf("DHCP on %s: request: %w", stationInterface, err)
	}
	emit(benchproto.FloorDHCP, since(start))
	emit(benchproto.FloorDHCPServer, waits.total.Seconds())
	return lease.ACK, nil
}

// replyTimer sums, over the messages the client sends, the time from each to
// the answer that ends its wait (nclient4 logs both).
type replyTimer struct {
	sent  time.Time
	total time.Duration
}

func (r *replyTimer) PrintMessage(prefix string, _ *dhcpv4.DHCPv4) {
	switch prefix {
	case "sent message":
		r.sent = time.Now()
	case "received message":
		if !r.sent.IsZero() {
			r.total += time.Since(r.sent)
			r.sent = time.Time{}
		}
	}
}

func (*replyTimer) Printf(string, ...any) {}
