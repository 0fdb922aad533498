package bench

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/modload"
	"github.com/google/go-cmp/cmp"
)

func TestSeed004ScriptRender(t *testing.T) {
	script, err := Seed004Script{Card: "mmcblk0p1", Station: "wlan0"}.Render()
	if err != nil {
		t.Fatal(err)
	}
	// The write-up's steps, in its order, then the Wi-Fi from the card.
	want := []string{
		"mount -t proc proc /proc", "mount -t sysfs sysfs /sys", "mount -t tmpfs -o size=64k,mode=0755 tmpfs /dev",
		"echo /sbin/mdev > /proc/sys/kernel/hotplug", "mdev -s", "/etc/modules.sh",
		"mount -t vfat -o ro /dev/mmcblk0p1 /boot",
		"wpa_supplicant -B -D nl80211 -i wlan0 -c /boot/wpa_supplicant.conf",
		"exec udhcpc -f -i wlan0 -s /etc/udhcpc.script -T 1 -A 1",
	}
	text, at := string(script), 0
	for _, line := range want {
		i := strings.Index(text[at:], line)
		if i < 0 {
			t.Fatalf("script lacks %q after byte %d:\n%s", line, at, text)
		}
		at += i + len(line)
	}
	if strings.Contains(text, "sleep 3") || strings.Contains(text, "sleep 1\n") {
		t.Errorf("tuned script sleeps blindly:\n%s", text)
	}
	if diff := cmp.Diff([]string{"start", "modules", "card", "interface", "keys"}, phaseNames(text)); diff != "" {
		t.Errorf("phase lines (-want +got):\n%s", diff)
	}
}

func TestSeed004ScriptRefusesBadNames(t *testing.T) {
	for _, s := range []Seed004Script{
		{Card: "", Station: "wlan0"}, {Card: "vda1", Station: ""},
		{Card: "vda1;reboot", Station: "wlan0"}, {Card: "../sda1", Station: "wlan0"}, {Card: "vda1", Station: "wlan$x"},
	} {
		if _, err := s.Render(); err == nil {
			t.Errorf("Render(%+v) = nil error, want a refusal", s)
		}
	}
}

// minimalELF is a 32-bit little-endian ARM executable header and nothing else:
// a static program to the ELF resolver.
func minimalELF() []byte {
	b := make([]byte, 52)
	copy(b, "\x7fELF\x01\x01\x01")
	binary.LittleEndian.PutUint16(b[16:], 2)  // ET_EXEC
	binary.LittleEndian.PutUint16(b[18:], 40) // EM_ARM
	binary.LittleEndian.PutUint32(b[20:], 1)  // EV_CURRENT
	binary.LittleEndian.PutUint16(b[40:], 52) // e_ehsize
	return b
}

func TestSeed004InitramfsArchive(t *testing.T) {
	sys := t.TempDir()
	for _, p := range []string{Busybox, WPASupplicant, DHCPCD} {
		if err := os.MkdirAll(filepath.Join(sys, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sys, p), minimalELF(), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mods := t.TempDir()
	writeFile(t, filepath.Join(mods, "modules.dep"), "kernel/net/a.ko: kernel/lib/b.ko\nkernel/lib/b.ko:\nkernel/fs/vfat.ko:\n")
	for _, m := range []string{"net/a.ko", "lib/b.ko", "fs/vfat.ko"} {
		writeFile(t, filepath.Join(mods, "kernel", m), "module")
	}
	ix, err := modload.OpenDir(mods)
	if err != nil {
		t.Fatal(err)
	}
	s := Seed004Initramfs{
		Script:     Seed004Script{Card: "vda1", Station: "wlan0"},
		Userland:   Userland{Sysroot: Sysroot{Dir: sys, Arch: "armhf"}},
		ModulesDir: mods, Index: ix, Release: "6.1.0-test", Modules: []string{"a", "vfat"},
	}
	a, err := s.Archive()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"init", "etc/inittab", "etc/init.d/rcS", "etc/udhcpc.script", "etc/mdev.conf",
		"bin/busybox", "sbin/wpa_supplicant", "sbin/mdev", "sbin/udhcpc", "bin/sh", "boot", "dev/console",
		"etc/modules.sh", "lib/modules/6.1.0-test/kernel/fs/vfat.ko", "lib/modules/6.1.0-test/kernel/lib/b.ko"} {
		if !a.Has(name) {
			t.Errorf("archive lacks %s", name)
		}
	}
	// Seed 004's Wi-Fi networks and app are on the card; dhcpcd is seed 000's.
	for _, name := range []string{"etc/wpa_supplicant.conf", "boot/box", DHCPCD} {
		if a.Has(name) {
			t.Errorf("archive has %s, which seed 004 does not carry", name)
		}
	}
	inittab, _ := a.Lookup("etc/inittab")
	if !strings.Contains(string(inittab), "::sysinit:/etc/init.d/rcS\n") || !strings.Contains(string(inittab), "/boot/box") {
		t.Errorf("inittab does not run the script, then the card's box:\n%s", inittab)
	}
}
