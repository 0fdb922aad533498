package bench

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"

	"github.com/airroot/airroot/host/initramfs"
	"github.com/airroot/airroot/modload"
)

// Seed004Script is seed 004's start-up (../shared/seeds/004: busybox init,
// `mdev -s` with mdev as the hotplug helper, the modules by insmod, Wi-Fi
// configured by a wpa_supplicant.conf on the FAT boot partition, then the card's
// box), tuned as seed-tuned is: each wait polls every 0.1 s, none sleeps blindly.
type Seed004Script struct {
	// Card is the boot partition's device under /dev: mmcblk0p1 on a Pi, vda1 on virt.
	Card string
	// Station is the Wi-Fi interface (wlan0).
	Station string
}

// The seed-004 initramfs's fixed parts.
const (
	// Seed004Inittab has busybox init run the start-up script, then the card's box
	// once on the console.
	Seed004Inittab = "::sysinit:/etc/init.d/rcS\n::once:/boot/box\n"
	// seed004DHCPScript is udhcpc's script: the lease's address, mask and router.
	seed004DHCPScript = `#!/bin/sh
case "$1" in
deconfig) ifconfig "$interface" 0.0.0.0 ;;
bound|renew)
	ifconfig "$interface" "$ip" netmask "$subnet"
	for r in $router; do route add default gw "$r" dev "$interface"; break; done ;;
esac
`
)

// seed004Template is the start-up script. The write-up's own lines come first
// (the mounts, mdev -s, the hotplug helper, insmod); its Wi-Fi from the card and
// its box are as it describes them. Tuned like seed-tuned: waits poll, and the
// network comes up in the background so that box starts at once, as airroot's
// app does (neither waits for the network). SEED-PHASE lines are the benchmark's.
var seed004Template = template.Must(template.New("rcS").Parse(`#!/bin/sh
# Seed 004's start-up, run by busybox init (/etc/inittab) before the card's box,
# with Debian's busybox and wpa_supplicant. Written by airroot's benchmark, which
# added only the SEED-PHASE lines.
phase() { read up rest < /proc/uptime; echo "SEED-PHASE $1 $up"; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs -o size=64k,mode=0755 tmpfs /dev
mkdir /dev/pts
mount -t devpts devpts /dev/pts
phase start
echo /sbin/mdev > /proc/sys/kernel/hotplug
mdev -s
/etc/modules.sh
phase modules
# Debian's kernels have no uevent helper (no /proc/sys/kernel/hotplug): scan again.
while [ ! -e /dev/{{.Card}} ]; do sleep 0.1; mdev -s; done
mount -t vfat -o ro /dev/{{.Card}} /boot
phase card
(
	while [ ! -e /sys/class/net/{{.Station}} ]; do sleep 0.1; done
	wpa_supplicant -B -D nl80211 -i {{.Station}} -c /boot/wpa_supplicant.conf
	phase interface
	while [ "$(cat /sys/class/net/{{.Station}}/operstate)" != up ]; do sleep 0.1; done
	phase keys
	exec udhcpc -f -i {{.Station}} -s /etc/udhcpc.script -T 1 -A 1
) &
`))

// Render writes the start-up script.
func (s Seed004Script) Render() ([]byte, error) {
	for name, v := range map[string]string{"card": s.Card, "station": s.Station} {
		if v == "" || strings.ContainsAny(v, " \t\n'\"$`;&|<>\\/()*?[]") {
			return nil, fmt.Errorf("seed 004 start-up script: %s %q is empty or has characters the shell would interpret", name, v)
		}
	}
	var b bytes.Buffer
	if err := seed004Template.Execute(&b, s); err != nil {
		return nil, fmt.Errorf("seed 004 start-up script: %w", err)
	}
	return b.Bytes(), nil
}

// seed004Applets get links to busybox: what init, the script and udhcpc's script
// run. The write-up has busybox make them at start-up (--install -s); made here
// at build time, as seed-tuned's are, that costs the seed nothing at boot.
var seed004Applets = []string{
	"bin/sh", "bin/cat", "bin/echo", "bin/mkdir", "bin/mount", "bin/sleep",
	"sbin/init", "sbin/mdev", "sbin/insmod", "sbin/ifconfig", "sbin/route", "sbin/udhcpc",
}

// seed004Dirs are the folders the script mounts on and udhcpc uses.
var seed004Dirs = []string{"dev", "proc", "sys", "boot", "etc/init.d", "run", "tmp", "var/run"}

// Seed004Initramfs is seed 004's initramfs: busybox (init and udhcpc among its
// applets), wpa_supplicant with its libraries, the start-up script and the
// modules. The Wi-Fi networks and the app are on the card, not in it.
type Seed004Initramfs struct {
	Script Seed004Script
	// Userland holds busybox and wpa_supplicant; only those two and what they
	// load go in.
	Userland   Userland
	ModulesDir string
	Index      *modload.Index
	Release    string
	Modules    []string
}

// Archive assembles seed 004's initramfs.
func (s Seed004Initramfs) Archive() (*initramfs.Archive, error) {
	script, err := s.Script.Render()
	if err != nil {
		return nil, err
	}
	a := initramfs.NewArchive()
	for _, d := range seed004Dirs {
		a.Dir(d, 0o755)
	}
	a.CharDev("dev/console", 0o600, 5, 1)
	a.Symlink("init", "bin/busybox", "busybox init")
	a.File("etc/inittab", []byte(Seed004Inittab), 0o644, "busybox init's table")
	a.File("etc/init.d/rcS", script, 0o755, "seed 004's start-up script")
	a.File("etc/udhcpc.script", []byte(seed004DHCPScript), 0o755, "udhcpc's lease script")
	a.File("etc/mdev.conf", nil, 0o644, "mdev's rules: none, as the write-up's")
	if err := s.Userland.AddPrograms(a, Busybox, WPASupplicant); err != nil {
		return nil, err
	}
	for _, applet := range seed004Applets {
		a.Symlink(applet, "/bin/busybox", "busybox applet")
	}
	return a, addSeedModules(a, s.Index, s.ModulesDir, s.Release, s.Modules)
}
