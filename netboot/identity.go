package netboot

import (
	"bufio"
	"bytes"
	"strings"
)

// noHostname is the kernel's node name before anyone sets one
// (UTS_NODENAME's default).
const noHostname = "(none)"

// kernelHostname is the node name unless it is the kernel's placeholder.
func kernelHostname(nodename string) string {
	if nodename == noHostname {
		return ""
	}
	return nodename
}

// deviceTreeSerial reads /sys/firmware/devicetree/base/serial-number, which
// the Pi's firmware fills in: the serial number as text, NUL-terminated.
func deviceTreeSerial(b []byte) string {
	s, _, _ := bytes.Cut(b, []byte{0})
	return strings.TrimSpace(string(s))
}

// cpuinfoSerial reads the "Serial" line of /proc/cpuinfo, which the Pi's
// own 32-bit kernels print ("Serial\t\t: 00000000a1b2c3d4"); an all-zero
// serial (other boards' kernels print one) is none.
func cpuinfoSerial(b []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || strings.TrimSpace(key) != "Serial" {
			continue
		}
		v := strings.TrimSpace(value)
		if strings.Trim(v, "0") == "" {
			return ""
		}
		return v
	}
	return ""
}
