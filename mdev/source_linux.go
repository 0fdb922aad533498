package mdev

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// ueventGroupKernel is the multicast group the kernel sends uevents to
// (udevd re-sends them to group 2 in libudev's format).
const ueventGroupKernel = 1

// ueventReadBuffer is asked of the kernel for the socket: a coldplug makes
// a thousand events at once, and the kernel drops what does not fit.
const ueventReadBuffer = 8 << 20

// netlinkSource reads the kernel's uevents from a NETLINK_KOBJECT_UEVENT
// socket through Go's poller, so Close wakes a blocked Receive.
type netlinkSource struct {
	f      *os.File
	buf    []byte
	closed atomic.Bool // Close was called: errors from then on mean that
}

func dialUevent() (Source, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, unix.NETLINK_KOBJECT_UEVENT)
	if err != nil {
		return nil, os.NewSyscallError("socket NETLINK_KOBJECT_UEVENT", err)
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, ueventReadBuffer); err != nil {
		_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, ueventReadBuffer)
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Groups: ueventGroupKernel}); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("bind uevent group 1", err)
	}
	return &netlinkSource{f: os.NewFile(uintptr(fd), "uevent"), buf: make([]byte, 64<<10)}, nil
}

// Receive returns the next message the kernel sent; messages from user
// space (a sender with a port id) are skipped.
func (s *netlinkSource) Receive() ([]byte, error) {
	rc, err := s.f.SyscallConn()
	if err != nil {
		return nil, err
	}
	for {
		var n, flags int
		var from unix.Sockaddr
		var rerr error
		err := rc.Read(func(fd uintptr) bool {
			n, _, flags, from, rerr = unix.Recvmsg(int(fd), s.buf, nil, 0)
			return rerr != unix.EAGAIN
		})
		switch {
		case s.closed.Load():
			return nil, fs.ErrClosed
		case err != nil:
			return nil, err
		case errors.Is(rerr, unix.ENOBUFS):
			return nil, ErrEventsLost
		case rerr != nil:
			return nil, os.NewSyscallError("recvmsg", rerr)
		case flags&unix.MSG_TRUNC != 0:
			return nil, fmt.Errorf("uevent of more than %d bytes: %w", len(s.buf), unix.EMSGSIZE)
		}
		if sa, ok := from.(*unix.SockaddrNetlink); ok && sa.Pid == 0 {
			return append([]byte(nil), s.buf[:n]...), nil
		}
	}
}

func (s *netlinkSource) Close() error {
	s.closed.Store(true)
	return s.f.Close()
}
