package dhcp

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"syscall"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4/nclient4"
	"github.com/mdlayher/packet"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// openRaw opens a packet socket on ifi that broadcasts UDP datagrams from
// port 68 and receives those for port 68, whether or not ifi has an address.
// The kernel filters what it receives (attachClientPortFilter): the socket
// may stay open from T2 until the lease is back, and without the filter
// every NFS packet would be copied to it meanwhile. The filter comes just
// after bind, so the first packets may be unfiltered; the reader checks the
// port of each anyway.
func openRaw(ifi *net.Interface) (net.PacketConn, error) {
	raw, err := packet.Listen(ifi, packet.Datagram, unix.ETH_P_IP, nil)
	if err != nil {
		return nil, fmt.Errorf("open raw socket on %s: %w", ifi.Name, err)
	}
	if err := attachTo(raw); err != nil {
		raw.Close()
		return nil, fmt.Errorf("open raw socket on %s: %w", ifi.Name, err)
	}
	return nclient4.NewBroadcastUDPConn(raw, &net.UDPAddr{Port: clientPort}), nil
}

// attachTo attaches the client port filter to conn's socket.
func attachTo(conn syscall.Conn) error {
	rc, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var aerr error
	if err := rc.Control(func(fd uintptr) { aerr = attachClientPortFilter(int(fd)) }); err != nil {
		return err
	}
	return aerr
}

// openUnicast opens the socket of RENEWING and RELEASE: a raw IPv4 socket for
// UDP on iface, which sends datagrams from the leased address and port 68
// and receives those for port 68. It binds no UDP port, so it cannot
// collide with another DHCP client in the new root holding port 68 (udhcpc,
// dhclient, systemd-networkd): SO_REUSEADDR would work only if that client
// set it too. The kernel routes what it sends (and resolves the server's or
// the router's MAC), and gives it a copy of each UDP datagram for port 68
// on iface. It binds no address either: a raw socket bound to one hears
// nothing sent to 255.255.255.255, where servers send a NAK to a renewal
// (RFC 2131 4.1: dnsmasq, ISC dhcpd); each datagram names its source
// address instead (IP_PKTINFO).
func openUnicast(iface string, local netip.Addr) (net.PacketConn, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_RAW|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, unix.IPPROTO_UDP)
	if err != nil {
		return nil, fmt.Errorf("open UDP socket for %s on %s: %w", local, iface, os.NewSyscallError("socket", err))
	}
	if err := setupUnicast(fd, iface, local); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("open UDP socket for %s on %s: %w", local, iface, err)
	}
	f := os.NewFile(uintptr(fd), "dhcp-"+iface)
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open UDP socket for %s on %s: %w", local, iface, err)
	}
	return &rawUDP{f: f, rc: rc, local: local}, nil
}

func setupUnicast(fd int, iface string, local netip.Addr) error {
	if err := unix.SetsockoptString(fd, unix.SOL_SOCKET, unix.SO_BINDTODEVICE, iface); err != nil {
		return os.NewSyscallError("setsockopt SO_BINDTODEVICE", err)
	}
	return attachClientPortFilter(fd)
}

// rawUDP is a net.PacketConn of UDP datagrams over a raw IPv4 socket.
type rawUDP struct {
	f  *os.File
	rc interface {
		Write(func(uintptr) bool) error
	}
	local netip.Addr
}

func (c *rawUDP) ReadFrom(b []byte) (int, net.Addr, error) {
	buf := make([]byte, ipv4HeaderMax+udpHeaderLen+len(b))
	for {
		n, err := c.f.Read(buf)
		if err != nil {
			return 0, nil, err
		}
		if from, payload, ok := parseUDP(buf[:n], clientPort); ok {
			return copy(b, payload), net.UDPAddrFromAddrPort(from), nil
		}
	}
}

func (c *rawUDP) WriteTo(b []byte, addr net.Addr) (int, error) {
	to, ok := addr.(*net.UDPAddr)
	if !ok {
		return 0, fmt.Errorf("send to %v: not a UDP address", addr)
	}
	dst := to.AddrPort()
	dst = netip.AddrPortFrom(dst.Addr().Unmap(), dst.Port())
	pkt := udpDatagram(netip.AddrPortFrom(c.local, clientPort), dst, b)
	sa := &unix.SockaddrInet4{Addr: dst.Addr().As4()}
	from := unix.PktInfo4(&unix.Inet4Pktinfo{Spec_dst: c.local.As4()}) // the source the checksum was made for
	var serr error
	err := c.rc.Write(func(fd uintptr) bool {
		serr = unix.Sendmsg(int(fd), pkt, from, sa, 0)
		return serr != unix.EAGAIN
	})
	if err == nil {
		err = serr
	}
	if err != nil {
		return 0, os.NewSyscallError("sendmsg", err)
	}
	return len(b), nil
}

func (c *rawUDP) Close() error { return c.f.Close() }

func (c *rawUDP) LocalAddr() net.Addr {
	return net.UDPAddrFromAddrPort(netip.AddrPortFrom(c.local, clientPort))
}

func (c *rawUDP) SetDeadline(t time.Time) error      { return c.f.SetDeadline(t) }
func (c *rawUDP) SetReadDeadline(t time.Time) error  { return c.f.SetReadDeadline(t) }
func (c *rawUDP) SetWriteDeadline(t time.Time) error { return c.f.SetWriteDeadline(t) }

func sockFilter(prog []bpf.RawInstruction) *unix.SockFilter {
	f := make([]unix.SockFilter, len(prog))
	for i, ins := range prog {
		f[i] = unix.SockFilter{Code: ins.Op, Jt: ins.Jt, Jf: ins.Jf, K: ins.K}
	}
	return &f[0]
}
