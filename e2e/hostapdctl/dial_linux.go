package hostapdctl

import (
	"fmt"
	"net"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// Dial connects to hostapd's control socket ctrl (ctrl_interface/IFNAME) from a socket
// made in the network namespace netns (such as /proc/PID/ns/net of hostapd; "" for the
// caller's own).
//
// hostapd answers to the sender's address. A path would be looked up in hostapd's
// root, which after switch_root is no longer the sender's; so the socket gets an
// abstract address (autobind) instead, and those belong to a network namespace:
// hostapd's.
func Dial(ctrl, netns string) (*Conn, error) {
	fd, err := socketIn(netns)
	if err != nil {
		return nil, fmt.Errorf("connect to hostapd control socket %s: %w", ctrl, err)
	}
	if err := unix.Connect(fd, &unix.SockaddrUnix{Name: ctrl}); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("connect to hostapd control socket %s: %w", ctrl, os.NewSyscallError("connect", err))
	}
	f := os.NewFile(uintptr(fd), ctrl)
	defer f.Close()
	c, err := net.FileConn(f)
	if err != nil {
		return nil, fmt.Errorf("connect to hostapd control socket %s: %w", ctrl, err)
	}
	return &Conn{ctrl: ctrl, c: c.(*net.UnixConn)}, nil
}

// socketIn makes an autobound unix datagram socket in netns.
func socketIn(netns string) (int, error) {
	if netns == "" {
		return autoboundSocket()
	}
	type result struct {
		fd  int
		err error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread() // not unlocked when the namespace cannot be restored: the thread ends with us
		restore, err := enter(netns)
		if err != nil {
			done <- result{err: err}
			return
		}
		fd, err := autoboundSocket()
		done <- result{fd, err}
		if restore() == nil {
			runtime.UnlockOSThread()
		}
	}()
	r := <-done
	return r.fd, r.err
}

// enter moves the calling thread into the network namespace at path and returns how
// to move it back.
func enter(path string) (restore func() error, err error) {
	orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open own network namespace: %w", err)
	}
	ns, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		unix.Close(orig)
		return nil, fmt.Errorf("open network namespace %s: %w", path, err)
	}
	defer unix.Close(ns)
	if err := unix.Setns(ns, unix.CLONE_NEWNET); err != nil {
		unix.Close(orig)
		return nil, fmt.Errorf("enter network namespace %s: %w", path, os.NewSyscallError("setns", err))
	}
	return func() error {
		defer unix.Close(orig)
		return unix.Setns(orig, unix.CLONE_NEWNET)
	}, nil
}

func autoboundSocket() (int, error) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	// An empty name asks the kernel for a unique abstract address.
	if err := unix.Bind(fd, &unix.SockaddrUnix{}); err != nil {
		unix.Close(fd)
		return -1, os.NewSyscallError("bind", err)
	}
	return fd, nil
}
