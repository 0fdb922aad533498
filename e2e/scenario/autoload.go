package scenario

import (
	"slices"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/modload"
)

// Autoload chooses the modules of airroot's initramfs for a scenario that proves they
// load on demand: Load are the only ones airroot's configuration names (loaded at
// boot); Include go in too (names, or folders of the modules tree), for mdev to load
// by MODALIAS and the modprobe helper for the kernel's requests.
type Autoload struct {
	Load    []string
	Include []string
}

// DeviceRule is an mdev.conf line for the initramfs and what the guest checks of it.
type DeviceRule = guestproto.DeviceRule

// virtAutoloadInclude is what virt-wifi-autoload's initramfs holds besides the radio's
// driver: every module of the folders a network-booting initramfs would take whole
// (dracut's network and nfs modules take much the same), so that the right driver has
// to be found among hundreds: all network drivers (drivers/net: Ethernet, USB, Wi-Fi,
// virtio_net), the virtio transports, the whole network stack (net/: bridge, mac80211,
// sunrpc...), NFS and what it needs, and the crypto templates (ccm, ctr, gcm...).
var virtAutoloadInclude = []string{
	"kernel/drivers/net", "kernel/drivers/virtio", "kernel/net",
	"kernel/fs/nfs", "kernel/fs/nfs_common", "kernel/fs/lockd", "kernel/crypto",
}

// loadedBy matches airroot's line for module loaded because of cause ("modalias
// virtio:", "kernel request fs-nfs"); the cause may be cut short.
func loadedBy(module, cause string) Pattern {
	return Pattern{"airroot: ", "loaded module " + module + " (" + cause}
}

// fullDeviceRule moves /dev/full to /dev/e2e/full, owned by 1:2 with mode 0640, and
// links /dev/full to it: a node every kernel has, that nothing else uses. Its command
// runs once the node is there, from /dev, and writes what busybox mdev's environment
// tells it: the action, the node's name after the move and the device's subsystem.
var fullDeviceRule = DeviceRule{
	Conf: `full 1:2 0640 >e2e/full @echo "$ACTION $MDEV $SUBSYSTEM" >e2e/full.command`,
	Node: "/dev/e2e/full", Link: "/dev/full", UID: 1, GID: 2, Mode: 0o640,
	CommandFile: "/dev/e2e/full.command", CommandWrote: "add e2e/full mem",
}

// virtWiFiAutoload boots over WPA2 Wi-Fi with an initramfs that holds the kernel's
// network, NFS and crypto modules but names only mac80211_hwsim (a virtual radio has no
// modalias): virtio_mmio and virtio_net come by modalias (mdev), bridge (for the access
// point), nfs and nfsv3 by the kernel's requests, and ccm by the crypto request the
// first CCMP key makes, both through /init as the kernel's modprobe helper. The
// fixture loads only the radios, and bridges the NIC once airroot's mdev has made it.
func virtWiFiAutoload() Scenario {
	s := wifiBoot("virt-wifi-autoload", "virt", wpa2, 8*time.Minute)
	s.Boot = Boot{
		Autoload:   &Autoload{Load: []string{"mac80211_hwsim"}, Include: virtAutoloadInclude},
		DeviceRule: &fullDeviceRule,
		Shell:      true,
	}
	s.Checks = s.Checks.requiring(
		loadedBy("virtio_mmio", "modalias of:"),
		loadedBy("virtio_net", "modalias virtio:d00000001v"),
		loadedBy("nfs", "kernel request fs-nfs"),
		loadedBy("nfsv3", "kernel request nfsv3"),
		loadedBy("ccm", "kernel request crypto-ccm"),
		Pattern{guestproto.FixtureLogPrefix, "bridged to the access point"},
	)
	return s
}

// airrootModuleNames are the names of all the modules airroot's initramfs gets for s
// on b, its folders listed module by module from ix.
func airrootModuleNames(ix *modload.Index, s Scenario, b machine.Board) []string {
	load, include := airrootModules(s, b)
	names := slices.Clone(load)
	for _, inc := range include {
		if strings.Contains(inc, "/") {
			names = append(names, ix.Under(inc)...)
		} else {
			names = append(names, inc)
		}
	}
	return names
}
