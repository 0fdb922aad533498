package boot

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/airroot/airroot/init/bootpart"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/netboot/wpa/conf"
	"golang.org/x/sys/unix"
)

// bootPartDir is where the card's boot partition is mounted.
var bootPartDir = layout.BootPart.Path

// cardWiFiConfig is the name of the Wi-Fi configuration on the card, as
// seed 004 and Raspberry Pi OS have it.
const cardWiFiConfig = "wpa_supplicant.conf"

// How long the bootpart step waits after the devices step for a card that
// is slow to show (an SD card's detection, a USB stick's enumeration).
const (
	cardWait = 2 * time.Second
	cardPoll = 50 * time.Millisecond
)

// cardSpec reads airroot.bootpart=; a bad value is reported and the first
// FAT partition looked for instead.
func (b *Boot) cardSpec() (spec bootpart.Spec, given bool) {
	v, given := b.Config.Airroot["bootpart"]
	spec, err := bootpart.ParseSpec(v)
	if err != nil {
		b.Log.Warnf("kernel command line: airroot.bootpart: %v (looking for the first FAT partition)", err)
	}
	return spec, given
}

// tryCard reads the card if its partition is there already: a driver built
// into the kernel has found it before PID 1 started. It reports whether the
// card is done with.
func (b *Boot) tryCard() bool {
	if !b.card.wanted || b.card.spec.Kind == bootpart.None {
		b.card.done = true
		return true
	}
	p, err := (bootpart.Finder{Sys: "/sys", Dev: "/dev"}).Find(b.card.spec)
	if err != nil {
		return false
	}
	b.readCard(p)
	return true
}

// awaitCard is the bootpart step: it waits up to cardWait for the boot
// partition, after the devices step loaded its drivers, and reads it. A
// missing card is a note, not a failure: the built-in configuration holds.
func (b *Boot) awaitCard() error {
	deadline := time.Now().Add(cardWait)
	for !b.tryCard() {
		if time.Now().After(deadline) {
			b.Log.Infof("bootpart: no %s found: using the built-in configuration", b.card.spec)
			b.card.done = true
			return nil
		}
		time.Sleep(cardPoll)
	}
	return nil
}

// readCard mounts the boot partition read-only and takes its Wi-Fi
// configuration.
func (b *Boot) readCard(p bootpart.Partition) {
	b.card.done = true
	b.loadFAT()
	if err := mountCard(p.Dev); err != nil {
		b.Log.Warnf("bootpart: %v: using the built-in configuration", err)
		return
	}
	b.card.mounted = p.Dev
	b.Log.Infof("bootpart: %s (label %q) mounted read-only on %s", p.Dev, p.Label, bootPartDir)
	b.takeCardWiFi()
}

// fatModules are what a FAT mount asks the kernel's modprobe helper for
// first: the file system, its default code page (437) and Debian's kernels'
// default iocharset (ascii). Loaded here, in-process, they spare a helper's
// start each (about 200 ms under QEMU's emulation).
var fatModules = []string{"vfat", "nls_cp437", "nls_ascii"}

// loadFAT loads fatModules. One the initramfs lacks may be built into the
// kernel: the mount says if not.
func (b *Boot) loadFAT() {
	if err := b.loader().LoadFor("to read the card", fatModules...); err != nil {
		b.Log.Debugf("bootpart: %v", err)
	}
}

// mountCard mounts dev's FAT file system on bootPartDir, read-only. The
// kernel asks /init (the modprobe helper) for vfat and its code pages.
func mountCard(dev string) error {
	if err := os.MkdirAll(bootPartDir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", bootPartDir, err)
	}
	err := unix.Mount(dev, bootPartDir, "vfat", unix.MS_RDONLY|unix.MS_NODEV|unix.MS_NOSUID, "")
	if err != nil {
		return fmt.Errorf("mount %s on %s: %w (is vfat in the kernel or the initramfs? airroot build --app or --bootpart puts it in)", dev, bootPartDir, err)
	}
	return nil
}

// takeCardWiFi replaces the built-in Wi-Fi networks with the card's, for
// the keeper, which reads layout.WiFiConfig when it starts. Pass-phrases
// are hashed into PSKs as the file is parsed: the copy in the initramfs
// (memory) holds PSKs only, and the card is never written.
func (b *Boot) takeCardWiFi() {
	name := filepath.Join(bootPartDir, cardWiFiConfig)
	data, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		b.Log.Infof("bootpart: no %s on the card: using the built-in Wi-Fi configuration", cardWiFiConfig)
		return
	}
	if err != nil {
		b.Log.Warnf("bootpart: %v: using the built-in Wi-Fi configuration", err)
		return
	}
	cfg, warnings, err := conf.Parse(bytes.NewReader(data))
	for _, w := range warnings {
		w.File = name
		b.Log.Warnf("bootpart: %s", w)
	}
	if err != nil {
		b.Log.Errorf("bootpart: %s: %v: using the built-in Wi-Fi configuration", name, err)
		return
	}
	if len(cfg.Networks) == 0 {
		b.Log.Infof("bootpart: %s has no network: using the built-in Wi-Fi configuration", name)
		return
	}
	if err := installWiFiConfig(cfg); err != nil {
		b.Log.Errorf("bootpart: %v: using the built-in Wi-Fi configuration", err)
		return
	}
	b.Log.Infof("bootpart: Wi-Fi networks from %s: %s", name, ssids(cfg))
	if hasPassphrase(data) {
		b.Log.Warnf("bootpart: %s holds a clear pass-phrase (hashed in memory only); anyone with the card reads it: "+
			"put the PSK instead, from 'airroot passphrase'", name)
	}
}

// unmountCard lets the card go before switch_root: the new root mounts it
// where it likes, and a mount left in the initramfs would pin it unseen.
func (b *Boot) unmountCard() {
	if b.card.mounted == "" {
		return
	}
	if err := unix.Unmount(bootPartDir, 0); err != nil {
		b.Log.Warnf("bootpart: unmount %s: %v", bootPartDir, err)
		return
	}
	b.card.mounted = ""
}

// installWiFiConfig writes cfg where the keeper reads it.
func installWiFiConfig(cfg *conf.Config) error {
	var buf bytes.Buffer
	if err := conf.WriteConfig(&buf, cfg); err != nil {
		return fmt.Errorf("write %s: %w", layout.WiFiConfig.Path, err)
	}
	if err := os.MkdirAll(filepath.Dir(layout.WiFiConfig.Path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", layout.WiFiConfig.Path, err)
	}
	return os.WriteFile(layout.WiFiConfig.Path, buf.Bytes(), 0o600)
}
