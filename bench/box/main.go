// Command box is the seed-004 comparison's app, the same on both sides and on
// the same card: seed 004 runs the card's box from busybox init, airroot's
// appliance mode runs it as its app. It prints its first line with its uptime,
// then sends a UDP packet to the host's echo port every 100 ms until the first
// reply and prints that reply's uptime (benchproto's app lines). It does not
// wait for the network: the packets fail until there is one. Then it waits to
// be stopped. It uses system calls only, to stay small.
package main

import (
	"fmt"
	"net/netip"
	"os"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"golang.org/x/sys/unix"
)

func main() {
	say(benchproto.AppFirst)
	cmdline, err := os.ReadFile("/proc/cmdline")
	if err != nil {
		fmt.Fprintf(os.Stderr, "box: read the kernel command line: %v\n", err)
		wait()
	}
	addr, ok := benchproto.AppAddr(string(cmdline))
	if !ok {
		fmt.Fprintf(os.Stderr, "box: no %s=IPv4:PORT on the kernel command line\n", benchproto.AppAddrParam)
		wait()
	}
	for !exchange(addr) {
		time.Sleep(100 * time.Millisecond)
	}
	say(benchproto.AppReply)
	wait()
}

// exchange sends one packet to addr and reports whether a reply came within
// 100 ms; before the network is up the send fails at once.
func exchange(addr netip.AddrPort) bool {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	tv := unix.NsecToTimeval((100 * time.Millisecond).Nanoseconds())
	if unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv) != nil {
		return false
	}
	to := &unix.SockaddrInet4{Port: int(addr.Port()), Addr: addr.Addr().As4()}
	if unix.Sendto(fd, []byte("box"), 0, to) != nil {
		return false
	}
	buf := make([]byte, 64)
	n, _, err := unix.Recvfrom(fd, buf, 0)
	return err == nil && n > 0
}

// say prints event's line with the uptime now, in one write on a line of its own.
func say(event string) {
	var ts unix.Timespec
	up := 0.0
	if unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts) == nil {
		up = float64(ts.Sec) + float64(ts.Nsec)/1e9
	}
	os.Stdout.WriteString("\n" + benchproto.FormatAppLine(event, up) + "\n")
}

// wait keeps the app running (an app that ends is restarted) until the host
// ends the machine.
func wait() {
	for {
		time.Sleep(time.Hour)
	}
}
