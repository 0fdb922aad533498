package benchproto

import (
	"net/netip"
	"strconv"
	"strings"
)

// The seed-004 comparison's app (bench/box, the card's box) prints two lines,
// each "BENCH-APP EVENT UPTIME" with its CLOCK_BOOTTIME in seconds: when it
// starts, and when the host's first reply to its UDP packets arrives.
const (
	AppLinePrefix = "BENCH-APP "
	// AppFirst is the app's first line; AppReply its first reply from the host.
	AppFirst = "first"
	AppReply = "reply"
	// AppAddrParam is the kernel parameter that gives the host's UDP echo
	// address, IPv4:port (the app reads /proc/cmdline).
	AppAddrParam = "airroot_bench_echo"
)

// FormatAppLine is the app's line for event at uptime seconds.
func FormatAppLine(event string, uptime float64) string {
	return AppLinePrefix + event + " " + strconv.FormatFloat(uptime, 'f', 3, 64)
}

// ParseAppLine reads an app line anywhere in a console line: airroot copies
// the app's output to the kernel log too, so it may come after a printk time.
func ParseAppLine(line string) (event string, uptime float64, ok bool) {
	event, uptime, ok = parseFigureLine(AppLinePrefix, line)
	if !ok || (event != AppFirst && event != AppReply) {
		return "", 0, false
	}
	return event, uptime, true
}

// parseFigureLine reads "PREFIX NAME SECONDS" anywhere in a console line: a
// name, then a figure from 0 to 10⁹.
func parseFigureLine(prefix, line string) (name string, v float64, ok bool) {
	i := strings.Index(line, prefix)
	if i < 0 {
		return "", 0, false
	}
	fields := strings.Fields(line[i+len(prefix):])
	if len(fields) < 2 {
		return "", 0, false
	}
	v, err := strconv.ParseFloat(fields[1], 64)
	if err != nil || v < 0 || v != v || v > 1e9 {
		return "", 0, false
	}
	return fields[0], v, true
}

// AppAddr finds AppAddrParam's IPv4 address and port in a kernel command line.
func AppAddr(cmdline string) (netip.AddrPort, bool) {
	for _, f := range strings.Fields(cmdline) {
		v, found := strings.CutPrefix(f, AppAddrParam+"=")
		if !found {
			continue
		}
		ap, err := netip.ParseAddrPort(v)
		if err != nil || !ap.Addr().Is4() || ap.Port() == 0 {
			return netip.AddrPort{}, false
		}
		return ap, true
	}
	return netip.AddrPort{}, false
}
