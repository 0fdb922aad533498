package machine

import (
	"fmt"
	"strings"

	"github.com/airroot/airroot/e2e/artifact"
)

// Board is one emulated machine: how to start QEMU for it and what it needs to boot.
type Board struct {
	Name   string
	Kernel artifact.KernelPackage
	// QEMU is the emulator binary; Machine its arguments before kernel, initrd and network.
	QEMU    string
	Machine []string
	// NetDevice is the QEMU device that carries the slirp network (-device NAME,netdev=n0).
	NetDevice string
	// Cmdline holds the board's own kernel parameters (console and quirks).
	Cmdline []string
	// Modules are the board's network driver modules; the harness adds the NFS ones.
	Modules []string
	// NIC is the network interface Modules make (eth0, usb0); in Wi-Fi scenarios it
	// moves to the access point.
	NIC string
	// PowerOffExits is true when the guest powering off ends QEMU by itself.
	PowerOffExits bool
	// CardDevice is the QEMU device of a card (a virtio disk); "" is the board's own
	// SD card slot (-drive if=sd).
	CardDevice string
	// CardModules are what reads the card besides FAT: its driver, unless built in.
	CardModules []string
	// Stick says how the board takes a USB stick after boot; nil: it cannot.
	Stick *StickPort
}

// StickPort is how a board takes a USB stick through QEMU's monitor.
type StickPort struct {
	// Args are QEMU's arguments at start for the USB controller, if the board has
	// none of its own.
	Args []string
	// Device is device_add's device and properties, without drive= and id=.
	Device string
	// Cmdline are kernel parameters the stick needs on this board.
	Cmdline []string
	// Modules are the controller's modules, for mdev to load by MODALIAS.
	Modules []string
	// NICPort is true when the stick takes the port the board's NIC is on: it goes
	// only into the board without its NIC (WithoutNIC).
	NICPort bool
}

// StickCommands are the monitor commands that plug in, and pull out, a stick whose
// raw image is at image, read-only.
func (p StickPort) StickCommands(image string) (plug []string, pull string) {
	return []string{
		"drive_add 0 if=none,id=stick,format=raw,readonly=on,file=" + image,
		"device_add " + p.Device + ",drive=stick,id=stick",
	}, "device_del stick"
}

// CardArgs returns QEMU's arguments for a card whose image is at path.
func (b Board) CardArgs(path string) []string {
	if b.CardDevice == "" {
		return []string{"-drive", "file=" + path + ",format=raw,if=sd"}
	}
	return []string{"-drive", "file=" + path + ",format=raw,if=none,id=card", "-device", b.CardDevice + ",drive=card"}
}

// WithoutNIC is b with its NIC unplugged: no network device, no driver for it.
func (b Board) WithoutNIC() Board {
	b.NetDevice, b.Modules, b.NIC = "", nil, ""
	return b
}

// QEMUArgs returns QEMU's arguments to boot kernel with initrd and cmdline on b,
// with b's NIC on QEMU's user network unless b has none.
func (b Board) QEMUArgs(kernel artifact.KernelFiles, initrd, cmdline string) []string {
	args := append([]string{}, b.Machine...)
	if b.Kernel.DTB != "" {
		args = append(args, "-dtb", kernel.DTB)
	}
	args = append(args, "-kernel", kernel.Vmlinuz, "-initrd", initrd, "-append", cmdline)
	if b.NetDevice == "" {
		return args
	}
	return append(args, "-netdev", "user,id="+NetdevID, "-device", b.NetDevice+",netdev="+NetdevID)
}

// NetdevID is the id of the boards' user network, for the monitor's set_link.
const NetdevID = "n0"

// Boards are the machines scenarios can run on, by name.
var Boards = map[string]Board{
	"virt": {
		Name: "virt",
		Kernel: artifact.KernelPackage{
			Package: "linux-image-6.1.0-50-armmp", Version: "6.1.176-1", Arch: "armhf",
			Release: "6.1.0-50-armmp",
		},
		QEMU:          "qemu-system-arm",
		Machine:       []string{"-M", "virt", "-cpu", "cortex-a15", "-m", "512", "-nographic", "-no-reboot"},
		NetDevice:     "virtio-net-device",
		Cmdline:       []string{"console=ttyAMA0", "panic=-1"},
		Modules:       []string{"virtio_mmio", "virtio_net"},
		NIC:           "eth0",
		PowerOffExits: true,
		CardDevice:    "virtio-blk-device",
		CardModules:   []string{"virtio_blk"},
		// An xHCI controller on virt's PCIe (the kernel's pci-host-generic is built in).
		// highmem=off: otherwise QEMU 7.2 puts the ECAM above 4 GiB, which armmp's
		// pci-host-generic cannot claim ("address conflict", probe failed with -16), and
		// the guest has no PCI bus. QEMU merges this -machine into -M virt.
		Stick: &StickPort{Args: []string{"-machine", "highmem=off", "-device", "qemu-xhci"},
			Device: "usb-storage", Modules: []string{"xhci_pci"}},
	},
	// raspi1ap is a Raspberry Pi 1 B+ (ARM1176, ARMv6): it proves no ARMv7 instruction
	// slipped in. QEMU lacks its power block, so poweroff halts and the harness ends QEMU.
	// It runs with -icount: the kernel arms the BCM2835 system timer by reading its
	// counter and writing counter+delta (delta can be 15 µs) to a compare register that
	// fires only on equality. Without icount QEMU's clock is the host's, so a vCPU held
	// up between the read and the write (host load, the I/O thread holding QEMU's big
	// lock) writes a time already past; the interrupt then comes when the 32-bit counter
	// wraps, 71 minutes later, and the whole guest sleeps until then. With icount the
	// guest's clock counts instructions and cannot run past the value meanwhile.
	// The rate is fixed (shift=3: 8 ns an instruction, a 125 MIPS core), not
	// shift=auto: auto follows the host, doubling or halving the time an
	// instruction counts for as QEMU falls behind real time or runs ahead, and
	// it swings. The same coldplug (the same 181 uevent files) then took 10-50 ms
	// in some boots and 1.3-8.7 s in others, its thread charged 24 times the CPU
	// for the same work, and every raspi1ap figure moved with it. A fixed rate
	// makes a boot's guest times depend on what the guest runs, not on the host's
	// load: three boots reached the new root's init at 29.45, 29.46 and 29.81 s
	// (31-36 s with auto, whose rate was higher during the kernel's own start,
	// mostly its crypto self-tests, running /init at 2.7 s against 16.9 s at
	// shift=3, and lower after).
	"raspi1ap": {
		Name: "raspi1ap",
		Kernel: artifact.KernelPackage{
			Package: "linux-image-6.1.0-50-rpi", Version: "6.1.176-1", Arch: "armel",
			Release: "6.1.0-50-rpi",
			DTB:     "usr/lib/linux-image-6.1.0-50-rpi/bcm2835-rpi-b-plus.dtb",
		},
		QEMU:      "qemu-system-arm",
		Machine:   []string{"-M", "raspi1ap", "-icount", "shift=3", "-serial", "mon:stdio", "-display", "none", "-no-reboot"},
		NetDevice: "usb-net",
		Cmdline: []string{"console=ttyAMA0,115200", "panic=-1",
			"initcall_blacklist=bcm2835_pm_driver_init"},
		Modules: []string{"cdc_ether"},
		NIC:     "usb0",
		// On the dwc2 root hub's one port, which the USB NIC takes when it is on the
		// board (QEMU's usb_claim_port puts a hub on a bus's last free port first, and
		// a stick on that hub hangs the guest, e2e-recipe.md): so the board goes
		// without its NIC. Without port=1 the hub goes in all the same and the stick
		// runs behind it at full speed (a mount took 23 s). QEMU
		// 7.2's usb-storage pads its REQUEST SENSE reply to 512 bytes, which the dwc2
		// model writes whole into the kernel's 96-byte buffer: BAD_SENSE (quirk b) has
		// the kernel ask for 18.
		Stick: &StickPort{Device: "usb-storage,port=1", Cmdline: []string{"usb-storage.quirks=46f4:0001:b"}, NICPort: true},
	},
}

// The user network QEMU gives every board (-netdev user, slirp): 10.0.2.0/24.
const (
	// HostAddr is this machine as the guest sees it: the gateway, where the NFS root is served.
	HostAddr = "10.0.2.2"
	// DNSAddr is slirp's DNS server.
	DNSAddr = "10.0.2.3"
	// GuestAddr is the address slirp's DHCP server leases.
	GuestAddr = "10.0.2.15"
)

// DefaultBoards are the boards scenarios run on when AIRROOT_E2E_BOARDS is unset.
const DefaultBoards = "virt,raspi1ap"

// SelectBoards parses a comma-separated board list ("all" means every board; empty
// means DefaultBoards) into a set, rejecting unknown names.
func SelectBoards(list string) (map[string]bool, error) {
	if strings.TrimSpace(list) == "" {
		list = DefaultBoards
	}
	selected := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		switch _, known := Boards[name]; {
		case name == "all":
			for b := range Boards {
				selected[b] = true
			}
		case known:
			selected[name] = true
		case name != "":
			return nil, fmt.Errorf("select boards %q: unknown board %q", list, name)
		}
	}
	return selected, nil
}
