package main

import (
	"fmt"
	"net"
	"os"
	"runtime"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/hostapdctl"
	"github.com/mdlayher/packet"
	"golang.org/x/sys/unix"
)

// packetRadio is a raw AF_PACKET socket on a monitor interface: what it reads and
// writes are radiotap packets.
type packetRadio struct{ c *packet.Conn }

func (r packetRadio) Inject(b []byte) error {
	_, err := r.c.WriteTo(b, &packet.Addr{HardwareAddr: net.HardwareAddr{0, 0, 0, 0, 0, 0}})
	return err
}

func (r packetRadio) Read(buf []byte) (int, error) {
	n, _, err := r.c.ReadFrom(buf)
	return n, err
}

func (r packetRadio) Close() error { return r.c.Close() }

// openRadio opens the monitor interface iface in hostapd's network namespace. A socket
// belongs to the namespace it was made in, so it is made on a thread moved into
// hostapd's; that thread is never unlocked, and ends with its goroutine.
func openRadio(iface string) (radio, error) {
	pid, err := hostapdctl.FindProcess(os.DirFS("/proc"), guestproto.HostapdProgram)
	if err != nil {
		return nil, fmt.Errorf("open the attacker's radio %s: %w", iface, err)
	}
	type result struct {
		c   *packet.Conn
		err error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		c, err := listenIn(hostapdctl.NetNSPath(pid), iface)
		done <- result{c, err}
	}()
	res := <-done
	if res.err != nil {
		return nil, fmt.Errorf("open the attacker's radio %s: %w", iface, res.err)
	}
	return packetRadio{res.c}, nil
}

// listenIn moves the calling (locked) thread into the network namespace at nsPath and
// opens a raw packet socket on iface there, for every protocol.
func listenIn(nsPath, iface string) (*packet.Conn, error) {
	fd, err := unix.Open(nsPath, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: nsPath, Err: err}
	}
	defer unix.Close(fd)
	if err := unix.Setns(fd, unix.CLONE_NEWNET); err != nil {
		return nil, os.NewSyscallError("setns", err)
	}
	ifi, err := net.InterfaceByName(iface)
	if err != nil {
		return nil, err
	}
	return packet.Listen(ifi, packet.Raw, unix.ETH_P_ALL, nil)
}
