package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/airroot/airroot/host/bootfolder"
	"github.com/airroot/airroot/host/kernel"
	"github.com/airroot/airroot/netboot/nfsroot"
)

// bootFolder is what went in the boot folder.
type bootFolder struct {
	dir     string
	files   []bootfolder.File
	cmdline string
	exports string
	missing []string // Pi firmware files the folder lacks
	kept    []string // the folder's own files, left as they were
	removed []string // the last build's kernel or initramfs, no longer loaded
	boards  string   // the Pis the kernel starts on; "" for all
}

// writeBootFolder writes the kernel, its device trees, the initramfs,
// cmdline.txt and config.txt to --out.
func (b *built) writeBootFolder(f *buildFlags, k *kernel.Kernel, initramfsData []byte) error {
	if k.Image == nil {
		return fmt.Errorf("boot folder: %s has no kernel image (boot/vmlinuz-%s)", k.From, k.Release)
	}
	boards, err := bootfolder.Boards(k.Config)
	if err != nil {
		return err
	}
	if err := bootfolder.CheckReplaceable(f.out); err != nil {
		return err
	}
	bf := &bootFolder{dir: f.out, boards: boards}
	if f.app == "" { // an appliance has no NFS root
		bf.exports = bootfolder.ExportsLine(nfsPath(f.nfsroot))
	}
	initramfsName := b.compression.FileName()
	bf.add(bootfolder.File{Name: k.ImageName, Data: k.Image, Why: "kernel " + k.Release + " from " + k.From})
	bf.add(bootfolder.File{Name: initramfsName, Data: initramfsData, Why: "the initramfs above", Private: b.private()})
	upstream, err := bf.addDeviceTrees(k)
	if err != nil {
		return err
	}
	if err := bf.addTexts(f, k, initramfsName, upstream); err != nil {
		return err
	}
	if f.wantsBootPart() {
		bf.addCardWiFi()
	}
	superseded := bootfolder.Superseded(f.out, bf.files)
	if err := bootfolder.Write(f.out, bf.files); err != nil {
		return err
	}
	if bf.removed, err = bootfolder.RemoveSuperseded(f.out, superseded); err != nil {
		b.warnings = append(b.warnings, err.Error()) // the new folder is whole: only room is lost
	}
	bf.missing = bootfolder.MissingFirmware(f.out)
	b.boot, b.where = bf, f.out // only now: the summary says it was written
	return nil
}

// addTexts adds cmdline.txt and config.txt.
func (bf *bootFolder) addTexts(f *buildFlags, k *kernel.Kernel, initramfsName string, upstream bool) error {
	consoles := []string(f.consoles)
	if consoles == nil {
		consoles = bootfolder.DefaultConsoles
	}
	extra := f.cmdlineExtraWithOverlay()
	if f.automount { // first: an airroot.automount=rw of --cmdline-extra wins
		extra = append([]string{"airroot.automount"}, extra...)
	}
	line, err := bootfolder.Cmdline{Consoles: consoles, NFSRoot: f.nfsroot, IP: f.ip, Extra: extra,
		Appliance: f.app != "", BootPart: f.bootpart && f.app == ""}.Text()
	if err != nil {
		return fmt.Errorf("cmdline.txt: %w", err)
	}
	bf.cmdline = line
	bf.add(bootfolder.File{Name: "cmdline.txt", Data: []byte(line + "\n"), Why: "the kernel's command line"})
	config, err := bootfolder.Config{
		Kernel: k.ImageName, Initramfs: initramfsName,
		UpstreamDeviceTrees: upstream, SerialConsole: bootfolder.HasSerialConsole(consoles), Arm64: k.Arm64(),
	}.Text()
	if err != nil {
		return err
	}
	bf.add(bootfolder.File{Name: "config.txt", Data: []byte(config), Why: "what the Pi's firmware loads"})
	return nil
}

// addCardWiFi adds the commented sample wpa_supplicant.conf, unless the
// folder has one already: that one holds the networks someone put there on
// the card, which a new build must not replace.
func (bf *bootFolder) addCardWiFi() {
	if _, err := os.Lstat(filepath.Join(bf.dir, cardWiFiSample)); err == nil {
		bf.kept = append(bf.kept, cardWiFiSample)
		return
	}
	bf.add(bootfolder.File{Name: cardWiFiSample, Data: []byte(wifiSample), Why: "the Wi-Fi networks, edited on the card (a commented sample)"})
}

func (bf *bootFolder) add(f bootfolder.File) { bf.files = append(bf.files, f) }

// addDeviceTrees adds the kernel's device trees, when it has some, and
// says whether they have mainline Linux's names.
func (bf *bootFolder) addDeviceTrees(k *kernel.Kernel) (bool, error) {
	if k.DeviceTrees == nil {
		return false, nil
	}
	dtbs, err := bootfolder.DeviceTrees(k.DeviceTrees)
	if err != nil {
		return false, err
	}
	for _, d := range dtbs {
		bf.add(d)
	}
	return bootfolder.UpstreamNames(dtbs), nil
}

// nfsPath is the folder an nfsroot= value names; "" when none.
func nfsPath(v string) string {
	if v == "" {
		return ""
	}
	spec, err := nfsroot.ParseNFSRoot(v)
	if err != nil {
		return ""
	}
	return spec.Path
}
