package main

import (
	"fmt"
	"os"
	"slices"

	"github.com/airroot/airroot/host/initramfs"
	"github.com/airroot/airroot/host/kernel"
	"github.com/airroot/airroot/init/app"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/modload"
)

// storageModules are what PID 1 needs to read a card's FAT boot partition:
// the file system and its code pages (the kernel asks the modprobe helper
// for them at mount), and the SD/MMC, USB mass-storage and virtio disk
// drivers that mdev loads by MODALIAS. Those the kernel lacks or has built
// in are left out.
var storageModules = []string{
	"vfat", "nls_cp437", "nls_iso8859_1", "nls_ascii",
	"mmc_block", "sdhci_iproc", "bcm2835", "bcm2835_mmc", "sdhci_bcm2835",
	"usb_storage", "uas", "sd_mod", "virtio_blk",
}

// automountModules are what airroot.automount needs: USB mass storage and
// the SCSI disks on it (usb_storage brings scsi_mod and usbcore, sd_mod its
// CRC helpers), and the file systems it mounts with the code pages FAT asks
// for (ext4 brings jbd2 and mbcache).
var automountModules = []string{
	"usb_storage", "uas", "sd_mod",
	"vfat", "nls_cp437", "nls_ascii", "ext4",
}

// cardWiFiSample is the card's Wi-Fi configuration, which PID 1 reads.
const cardWiFiSample = "wpa_supplicant.conf"

// wifiSample is what the boot folder's wpa_supplicant.conf holds: comments
// only, so the networks built in stay in force until someone edits it.
const wifiSample = `# Wi-Fi networks for airroot, read from the card at every boot: edit this
# file on any computer, no rebuild. Its networks replace those built into the
# initramfs; as long as it has none, the built-in ones hold.
#
# Give each network its PSK, which 'airroot passphrase SSID < file' prints:
# anyone who reads the card reads a pass-phrase written here (airroot hashes
# one in memory, and says so on the console).
#
#network={
#	ssid="My Network"
#	psk=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
#}
`

// wantsBootPart reports whether the board will read its card: appliance
// mode, or --bootpart.
func (f *buildFlags) wantsBootPart() bool { return f.app != "" || f.bootpart }

// addApp puts the app and its arguments in spec, the card's modules when
// the board will read its card, and the USB storage and file-system modules
// for --automount.
func addApp(spec *initramfs.Spec, f *buildFlags, k *kernel.Kernel) ([]string, error) {
	var warnings []string
	if f.app != "" {
		if _, err := os.Stat(f.app); err != nil {
			return nil, fmt.Errorf("--app: %w", err)
		}
		spec.Extra = append(spec.Extra, initramfs.Extra{From: f.app, To: layout.App.Path})
		args, err := app.FormatArgs(f.appArgs)
		if err != nil {
			return nil, fmt.Errorf("--app-arg: %w", err)
		}
		spec.Files = append(spec.Files, initramfs.File{Path: layout.AppArgs.Path, Data: args, Why: "the app's arguments (--app-arg)"})
	}
	var want []string
	if f.wantsBootPart() {
		want = storageModules
	}
	if f.automount {
		want = append(slices.Clone(want), automountModules...)
	}
	if len(want) == 0 || k == nil {
		return warnings, nil
	}
	ix, err := modload.Open(k.Modules)
	if err != nil {
		return nil, fmt.Errorf("read modules tree %s: %w", k.ModulesWhere, err)
	}
	for _, name := range want {
		if _, ok := ix.Lookup(name); ok && !slices.Contains(spec.IncludeModules, name) { // a built-in one is not listed
			spec.IncludeModules = append(spec.IncludeModules, name)
		}
	}
	if _, ok := ix.Lookup("vfat"); !ok && !ix.Builtin("vfat") {
		warnings = append(warnings, fmt.Sprintf("kernel %s has no vfat: the board cannot read its boot partition", k.Release))
	}
	return warnings, nil
}
