package netboot

import (
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/airroot/airroot/netboot/nfsroot"
)

// Identity is what tells this board from the others, for the % sequences
// of the root's and airroot.persist='s paths and the NFSv4 client
// identifier: the address, the MAC of the interface the root comes over, the
// kernel's host name (which the keeper set from ip= or DHCP option 12) and
// the serial number the firmware gives (a Pi's; QEMU's virt board has none).
// The MAC and the serial number are read once per interface (boardHardware).
func (n *Net) Identity() nfsroot.Identity {
	if !n.hardware.read || n.hardware.iface != n.iface {
		n.hardware = readBoardHardware(n.iface)
	}
	return nfsroot.Identity{Addr: n.addr.Addr(), MAC: n.hardware.mac, Serial: n.hardware.serial,
		Hostname: kernelHostname(n.nodename())}
}

// readBoardHardware reads iface's MAC (none for "") and the board's serial
// number.
func readBoardHardware(iface string) boardHardware {
	h := boardHardware{read: true, iface: iface, serial: boardSerial()}
	if iface != "" {
		if b, err := os.ReadFile(filepath.Join("/sys/class/net", iface, "address")); err == nil {
			h.mac, _ = net.ParseMAC(strings.TrimSpace(string(b)))
		}
	}
	return h
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
