package netboot

import (
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/airroot/airroot/netboot/nfsroot"
	"golang.org/x/sys/unix"
)

// Identity is what tells this board from the others, for the % sequences
// of the root's and airroot.persist='s paths: the address, the MAC of the
// interface the root comes over, the kernel's host name (which the keeper
// set from ip= or DHCP option 12) and the serial number the firmware gives
// (a Pi's; QEMU's virt board has none).
func (n *Net) Identity() nfsroot.Identity {
	id := nfsroot.Identity{Addr: n.addr.Addr(), Serial: boardSerial()}
	if n.iface != "" {
		if b, err := os.ReadFile(filepath.Join("/sys/class/net", n.iface, "address")); err == nil {
			id.MAC, _ = net.ParseMAC(strings.TrimSpace(string(b)))
		}
	}
	var uts unix.Utsname
	if unix.Uname(&uts) == nil {
		id.Hostname = kernelHostname(unix.ByteSliceToString(uts.Nodename[:]))
	}
	return id
}

// boardSerial is the device tree's serial number, else /proc/cpuinfo's.
func boardSerial() string {
	if b, err := os.ReadFile("/sys/firmware/devicetree/base/serial-number"); err == nil {
		if s := deviceTreeSerial(b); s != "" {
			return s
		}
	}
	b, _ := os.ReadFile("/proc/cpuinfo")
	return cpuinfoSerial(b)
}
