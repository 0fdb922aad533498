// Package layout declares what airroot's programs agree on: the files of the
// initramfs and of the running system that one of them writes and another
// reads, and the names of the boot's steps. The image builder, PID 1, the
// keeper and the test bed all read these declarations, so a path or a step
// name is written once.
package layout

import "strings"

// A File is one path that one of airroot's programs writes and another reads.
type File struct {
	Path   string // as the running board sees it: absolute
	Writer string // who puts it there
	Reader string // who reads it
	What   string // what it holds
}

// InArchive is the path as an archive member: relative to the root.
func (f File) InArchive() string { return strings.TrimPrefix(f.Path, "/") }

// The files, in the order a boot meets them.
var (
	InitrdRelease = File{"/etc/initrd-release", "airroot build", "programs that ask whether they run from an initrd (systemd's in_initrd(), a rescue shell's tools); not PID 1",
		"os-release(5) fields naming this archive an initrd"}
	ModulesLoad = File{"/etc/modules-load.d/airroot.conf", "airroot build (--modules)", "PID 1's modules step",
		"the modules to load at every boot, one a line (modules-load.d(5))"}
	Modules = File{"/lib/modules", "airroot build", "PID 1's module loader and the kernel's modprobe helper (/init -q)",
		"the kernel's modules for its release, with modules.dep, modules.alias and their kin"}
	Firmware = File{"/lib/firmware", "airroot build", "PID 1's mdev (firmware requests)",
		"the firmware the included modules name"}
	MdevConf = File{"/etc/mdev.conf", "the user (airroot build --add mdev.conf:/etc/mdev.conf)", "PID 1's mdev",
		"busybox mdev.conf rules: device node owners, modes, names and commands"}
	Shell = File{"/bin/sh", "the user (airroot build --add BUSYBOX:/bin/sh)", "PID 1's mdev (mdev.conf commands) and rd.shell",
		"a shell; without one, mdev.conf commands cannot run"}
	WiFiConfig = File{"/etc/airroot/wpa_supplicant.conf", "airroot build (--wifi)", "the keeper",
		"the Wi-Fi networks as wpa_supplicant.conf: PSKs, never pass-phrases"}
	EAPFiles = File{"/etc/airroot/eap", "airroot build (--wifi-config naming ca_cert=, client_cert=, private_key=)", "the keeper",
		"the 802.1X certificates and keys the networks name, one directory per network, mode 0600"}
	App = File{"/usr/bin/app", "airroot build (--app)", "PID 1 in appliance mode",
		"the built-in app, run instead of switching to an NFS root"}
	AppArgs = File{"/etc/airroot/app.args", "airroot build (--app-arg)", "PID 1 in appliance mode",
		"the built-in app's arguments, one a line"}
	BootPart = File{"/boot", "PID 1 (bootpart step)", "PID 1 (wpa_supplicant.conf, the app) and the app",
		"where the card's boot partition is mounted, read-only"}
	AppNetwork = File{"/run/airroot/network", "PID 1 in appliance mode", "the app",
		"the network's state as KEY=value lines (package init/app)"}
	NewRoot = File{"/newroot", "PID 1 (nfs step)", "PID 1 (switch_root) and the keeper, which follows it there",
		"where the NFS root is mounted before the switch"}
	OverlayLower = File{"/run/airroot/lower", "PID 1 (nfs step, airroot.overlay=)", "the overlay root, and people (it moves with /run)",
		"the shared NFS root, read-only: the overlay's lower layer"}
	OverlayRW = File{"/run/airroot/rw", "PID 1 (nfs step, airroot.overlay=)", "the overlay root, and people (it moves with /run)",
		"the tmpfs holding the overlay's upper and work directories: what this board changed"}
	State = File{"/run/airroot", "the keeper", "the new root (resolv.conf) and people",
		"the network's state after the switch: resolv.conf and the lease"}
)

// Files lists every declared file.
var Files = []File{InitrdRelease, ModulesLoad, Modules, Firmware, MdevConf, Shell, WiFiConfig, EAPFiles, App, AppArgs, BootPart, AppNetwork, NewRoot, OverlayLower, OverlayRW, State}

// The steps of a boot as the console and the timeline name them. PID 1 runs
// mount, modules, devices, bootpart (when the card is read), nfs and
// switch_root, or the app in appliance mode; the keeper runs wifi (or
// link), then dhcp (or address), and marks the instants within its Wi-Fi
// step, with the SAE exchange as a step of its own when it ran.
const (
	StepMount      = "mount"
	StepModules    = "modules"
	StepDevices    = "devices"
	StepLink       = "link"
	StepWiFi       = "wifi"
	StepDHCP       = "dhcp"
	StepAddress    = "address"
	StepBootPart   = "bootpart"
	StepNFS        = "nfs"
	StepSwitchRoot = "switch_root"

	MarkInterfaceUp   = "interface_up"
	MarkAssociated    = "associated"
	MarkKeysInstalled = "keys_installed"
	// StepSAE is the SAE exchange within the Wi-Fi step (WPA3-Personal):
	// from the station's first commit to the access point's verified confirm.
	StepSAE = "sae"
)
