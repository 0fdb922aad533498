package scenario

import (
	"fmt"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
)

// Scenario is one QEMU boot, composed of parts: the network the board boots over, its
// NFS root, what airroot boots with, what the console and the guest must show, and
// what the test bed does wrong on purpose.
type Scenario struct {
	Name  string
	Board string
	// Network is Ethernet{}, a WiFi with its access point and station, or NoNetwork{}.
	Network Network
	Root    Root
	Boot    Boot
	Checks  Checks
	// Faults are what the test bed does wrong on purpose (DeadNFS, NFSRestart, Rekey,
	// Deauth, ShortLease, DHCPNak, DHCPQuiet, DHCPMove, Inject, FirstNetwork,
	// APRestart, Roam, WorkerCrash); none: everything works.
	Faults []Fault
	// Fleet, when set, boots several boards of this scenario at once from one root
	// (see fleet.go); nil: one board.
	Fleet   *Fleet
	Timeout time.Duration
}

// Root is the scenario's NFS root folder, served from this machine.
type Root struct {
	// WithoutInit leaves /sbin/init out of the NFS root.
	WithoutInit bool
	// Export is the path the NFS server exports the folder as, and refuses any other
	// (see testbed.StartNFSServer); "" is "/".
	Export string
	// PathFromDHCP leaves the directory out of nfsroot= (nfsroot=SERVER,OPTIONS) and
	// has the access point's DHCP server send Export as its root-path (option 17).
	PathFromDHCP bool
	// Server is the NFS server that serves the folder: GoNFS (the zero value) or Ganesha.
	Server NFSServer
	// Vers is the NFS version airroot mounts with, as in vers=: "" is 3; "4", "4.0",
	// "4.1" and "4.2" need Ganesha.
	Vers string
}

// NFSServer names an NFS server of the test bed.
type NFSServer int

const (
	// GoNFS is the go-nfs library server (NFSv3, MOUNT and NFS on one port), whose
	// hooks the fault scenarios use.
	GoNFS NFSServer = iota
	// Ganesha is Debian's nfs-ganesha (NFSv3 and NFSv4), see testbed.Ganesha.
	Ganesha
)

func (n NFSServer) String() string {
	if n == Ganesha {
		return "ganesha"
	}
	return "go-nfs"
}

// v4 reports whether r is mounted over NFSv4.
func (r Root) v4() bool { return strings.HasPrefix(r.Vers, "4") }

// ganeshaVersions are the NFS versions ganesha serves for r: NFSv4 alone for a v4
// root (no rpcbind, no MOUNT: proof that airroot needs neither), both for a v3 root,
// as a real server does.
func (r Root) ganeshaVersions() []int {
	if r.v4() {
		return []int{4}
	}
	return []int{3, 4}
}

// exportPath is the path r is exported as.
func (r Root) exportPath() string {
	if r.Export == "" {
		return "/"
	}
	return r.Export
}

// Boot is what airroot boots with beyond the board's and the network's defaults.
type Boot struct {
	// Cmdline is added to the board's and the NFS root's kernel parameters.
	Cmdline []string
	// RescueShell puts the guest program into the initramfs as /bin/sh.
	RescueShell bool
	// Shell puts Debian's static busybox into the initramfs as /bin/sh, as a user
	// does with airroot build --add BUSYBOX:/bin/sh, for mdev.conf's commands.
	Shell bool
	// Autoload, when set, chooses airroot's modules: the ones its configuration names
	// and the ones only put in, for mdev and the kernel's requests to load.
	Autoload *Autoload
	// DeviceRule, when set, goes into the initramfs as /etc/mdev.conf, and the guest
	// checks its effect from the new root.
	DeviceRule *DeviceRule
	// BootFolder boots what airroot build --kernel-deb --out wrote, as a Pi's firmware
	// would (see bootFolder); wired scenarios only.
	BootFolder bool
	// Card, when set, gives the board a card: a virtio disk with a FAT partition.
	Card *Card
	// StaticIP, when set, replaces ip=dhcp with a static address; the guest checks
	// that the board holds it under its name.
	StaticIP *StaticIP
}

// StaticIP is a static ip= (the kernel's nfsroot.rst: <client-ip>:<server-ip>:
// <gw-ip>:<netmask>:<hostname>:<device>:<autoconf>) on the test network.
type StaticIP struct {
	Addr, Hostname, Device string
}

// param is ip= with autoconf off, the host as gateway and a /24.
func (s StaticIP) param() string {
	return "ip=" + strings.Join([]string{s.Addr, "", machine.HostAddr, "255.255.255.0", s.Hostname, s.Device, "off"}, ":")
}

// Card is what the board's card holds (see card.go).
type Card struct {
	// WiFi puts the station's wpa_supplicant.conf on the card; the initramfs names a
	// network nobody serves (staleStation).
	WiFi bool
	// App puts the guest on the card as box and boots in appliance mode: no NFS
	// root on the command line; the guest's result comes in mode app.
	App bool
	// Reboot, when set, boots the board a second time once the first boot
	// passed, with the card edited and the access point changed (reboot.go).
	Reboot *CardReboot
	// edited marks a second boot's card: wpa_supplicant.conf replaced in the
	// first boot's card, airroot's archive the first boot's.
	edited bool
}

// Checks are what the console and the guest must show for the scenario to pass, and
// when the boot ends.
type Checks struct {
	// Expect lists console lines that must appear, in this order.
	Expect []Pattern
	// Require lists console lines that must each appear somewhere, in any order
	// (the modules loaded and what asked for them).
	Require []Pattern
	// StopAfter, when set, ends the boot successfully once its pattern was seen Count times.
	StopAfter Repeat
	// Result, when set, asks for a passing guest result line printed in that mode.
	Result guestproto.Mode
	// Steps lists step names airroot's timeline line must have; empty: no timeline needed.
	Steps []string
	// Timed lists steps among Steps that must have lasted longer than zero.
	Timed []string
	// Keeper, when set, has the guest soak airroot's keeper and judges its figures.
	Keeper *KeeperSoak
}

// Pattern matches a console line that contains all its parts, in this order.
// Console lines are matched by substring because kernel printk output may be
// interleaved with airroot's lines.
type Pattern []string

// Match reports whether line contains every part of p, each after the previous one.
func (p Pattern) Match(line string) bool {
	for _, part := range p {
		i := strings.Index(line, part)
		if i < 0 {
			return false
		}
		line = line[i+len(part):]
	}
	return true
}

func (p Pattern) String() string { return fmt.Sprintf("%q", []string(p)) }

// Repeat asks for Count console lines matching Pattern.
type Repeat struct {
	Pattern Pattern
	Count   int
}

func (s Scenario) hasParam(name string) bool {
	for _, p := range s.Boot.Cmdline {
		if p == name || strings.HasPrefix(p, name+"=") {
			return true
		}
	}
	return false
}
