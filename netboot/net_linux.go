package netboot

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"

	"github.com/airroot/airroot/netboot/dhcp"
	"github.com/airroot/airroot/netboot/link"
)

// Link picks the interface (ip='s device, else the first wired one with
// carrier) and brings it up, with the loopback.
func (n *Net) Link(ctx context.Context) error {
	if err := link.LoopbackUp(); err != nil {
		return fmt.Errorf("bring up lo: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, linkAttempt)
	defer cancel()
	name := ""
	if n.ip != nil {
		name = n.ip.Device
	}
	if name == "" {
		found, err := link.FindEthernet(ctx)
		if err != nil {
			return err
		}
		name = found
	}
	if err := link.Up(name); err != nil {
		return err
	}
	if err := link.WaitCarrier(ctx, name); err != nil {
		return err
	}
	n.iface = name
	n.logf("link: %s is up", name)
	return nil
}

// Address gives the interface its address: ip='s static one, or a lease.
func (n *Net) Address(ctx context.Context) error {
	if n.Static() {
		return n.static()
	}
	ctx, cancel := context.WithTimeout(ctx, dhcpAttempt)
	defer cancel()
	c, err := dhcp.New(n.iface, n.dhcpOptions()...)
	if err != nil {
		return err
	}
	defer c.Close()
	l, err := c.Acquire(ctx)
	if err != nil {
		return err
	}
	if err := link.Configure(n.iface, l.Address, l.Router, l.Routes...); err != nil {
		return err
	}
	n.lease, n.addr, n.gw, n.dns = l, l.Address, l.Router, l.DNS
	n.logf("dhcp: %s got %s from %s, router %s%s, lease %v", n.iface, l.Address, l.ServerID, routerName(l.Router), routesNote(l.Routes), l.Duration)
	n.applyMTU(l.MTU)
	n.applyHostname()
	return nil
}

func (n *Net) static() error {
	p, err := n.ip.Prefix()
	if err != nil {
		return err
	}
	if err := link.Configure(n.iface, p, n.ip.Gateway); err != nil {
		return err
	}
	n.addr, n.gw, n.dns = p, n.ip.Gateway, n.ip.DNS
	n.logf("address: %s is %s, gateway %s", n.iface, p, n.ip.Gateway)
	n.applyHostname()
	return nil
}

// dhcpOptions are what ip= asks of the DHCP client: the <hostname> field
// sent as option 12, and the client identifier of
// "dhcp,<client-id-type>,<client-id-value>" (the kernel's only form of it;
// dracut has none) as option 61. Without one the server knows the board by
// its MAC, as the kernel's own client does.
func (n *Net) dhcpOptions() []dhcp.Option {
	var opts []dhcp.Option
	if n.ip != nil && n.ip.Hostname != "" {
		opts = append(opts, dhcp.WithHostname(n.ip.Hostname))
	}
	if n.ip != nil && n.ip.ClientID != nil {
		opts = append(opts, dhcp.WithClientID(n.ip.ClientID))
	}
	return opts
}

// SaveState writes what the new root needs to know about the network into
// dir (under /run, which moves into the new root): resolv.conf. What this
// Net wrote there last is not written again: a renewal rarely changes the
// name servers, and on a slow board the write costs as much as the
// renewal's exchange.
func (n *Net) SaveState(dir string) error {
	var conf []byte
	if n.lease != nil {
		conf = dhcp.ResolvConf(*n.lease)
	} else {
		conf = []byte(resolvConf(n.dns))
	}
	p := filepath.Join(dir, "resolv.conf")
	if n.saved.path == p && bytes.Equal(n.saved.conf, conf) {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save network state: %w", err)
	}
	if err := os.WriteFile(p, conf, 0o644); err != nil {
		return fmt.Errorf("save network state: %w", err)
	}
	n.saved.path, n.saved.conf = p, conf
	return nil
}

func resolvConf(dns []netip.Addr) string {
	var b strings.Builder
	for _, a := range dns {
		fmt.Fprintf(&b, "nameserver %s\n", a)
	}
	return b.String()
}

// routerName is a lease's router for a log line: "none" without one.
func routerName(a netip.Addr) string {
	if !a.IsValid() {
		return "none"
	}
	return a.String()
}

// routesNote names a lease's classless static routes for its log line; "" without.
func routesNote(routes []link.Route) string {
	if len(routes) == 0 {
		return ""
	}
	names := make([]string, len(routes))
	for i, r := range routes {
		names[i] = r.String()
	}
	return ", routes " + strings.Join(names, ", ")
}

// applyMTU gives the interface a lease's MTU (option 26) when it names one
// not tried already. A driver that refuses it (more than the radio takes)
// leaves the interface's own: the boot goes on, and the log says why, once.
func (n *Net) applyMTU(mtu int) {
	if mtu == 0 || mtu == n.mtu {
		return
	}
	n.mtu = mtu
	changed, err := n.setMTU(n.iface, mtu)
	if err != nil {
		n.logf("dhcp: %v; keeping the interface's own (the DHCP server's option 26 asks for %d)", err, mtu)
		return
	}
	if changed {
		n.logf("dhcp: %s's MTU is now %d, as the DHCP server says (option 26)", n.iface, mtu)
	}
}
