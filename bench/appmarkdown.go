package bench

import (
	"fmt"
	"strings"
)

// writeAppliance renders the seed-004 comparison.
func writeAppliance(w *strings.Builder, a *ApplianceReport) {
	w.WriteString("## Seed 004: an appliance from the card\n\n")
	w.WriteString("*seed004* is the second recipe airroot grew from: busybox init runs a start-up script (/etc/inittab, " +
		"`::sysinit:/etc/init.d/rcS`) that mounts /proc, /sys and a tmpfs /dev, makes mdev the hotplug helper, runs `mdev -s`, " +
		"loads the modules with insmod, mounts the card's FAT partition, starts `wpa_supplicant -B -c /boot/wpa_supplicant.conf` " +
		"and busybox's `udhcpc`, then runs the card's `box` (`::once:/boot/box`). Debian bookworm's busybox-static and " +
		"wpasupplicant. *airroot-app* is airroot's appliance mode: no NFS root, so /init reads the same card's wpa_supplicant.conf " +
		"and runs its `box`. Both boot the same card (box and wpa_supplicant.conf), the same app, kernel, modules and access point.\n\n")
	if a == nil {
		w.WriteString("Not measured yet: run `make bench` (or `go run ./bench/cmd/bench -appliance-runs N`).\n\n")
		return
	}
	fmt.Fprintf(w, "Boots taken on %s. Kernel start to the app's first line and to its first reply from the host (UDP), "+
		"in seconds of guest uptime, over the successful boots; initramfs compressed, without the test access point's files.\n\n",
		a.Taken.UTC().Format("2006-01-02 15:04 UTC"))
	for _, n := range a.Notes {
		fmt.Fprintf(w, "- Note: %s\n", n)
	}
	if len(a.Notes) > 0 {
		w.WriteString("\n")
	}
	w.WriteString("| board | variant | boots (failed) | first line: median (min–max) | airroot / this | first reply: median (min–max) | airroot / this | initramfs.gz | airroot / this |\n" +
		"|---|---|---|---|---|---|---|---|---|\n")
	for _, s := range a.Summaries {
		fmt.Fprintf(w, "| %s | %s | %d (%d) | %s | %s | %s | %s | %s | %s |\n", s.Board, s.Variant, s.Runs, s.Failed,
			spread(s.FirstLine), ratioText(s.FirstLineRatio), spread(s.Reply), ratioText(s.ReplyRatio),
			kib(s.InitramfsGzipBytes), ratioText(s.InitramfsRatio))
	}
	w.WriteString("\n<details><summary>Every seed-004 boot, in the order run</summary>\n\n")
	w.WriteString("| board | round | variant | first line (s) | first reply (s) | outcome |\n|---|---|---|---|---|---|\n")
	for _, r := range a.Runs {
		outcome := "ok"
		if !r.OK {
			outcome = "failed: " + strings.ReplaceAll(r.Failure, "|", "/")
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s |\n", r.Board, r.Round, r.Variant,
			phaseText(r, PhaseAppFirst), phaseText(r, PhaseAppReply), outcome)
	}
	w.WriteString("\n</details>\n\n")
}

// spread is a Stat's median (min–max), or – without samples.
func spread(s Stat) string {
	if s.N == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f (%.2f–%.2f)", s.Median, s.Min, s.Max)
}

func phaseText(r Run, phase string) string {
	if v, ok := r.Phases[phase]; ok {
		return fmt.Sprintf("%.2f", v)
	}
	return "–"
}

// methodAppliance says how the seed-004 comparison was taken, and its fairness rules.
var methodAppliance = []string{
	"Seed 004: each round boots airroot-app, then seed004, on the same board, under the same e2e lock as the tests. The card is " +
		"built without root (mkfs.fat, mcopy): an MBR and one FAT16 partition holding `box` (bench/box, a static Go program) and " +
		"`wpa_supplicant.conf` with the network's PSK in hex (as `airroot passphrase` writes it), so neither side hashes a pass-phrase " +
		"at boot. On virt it is a virtio disk (vda1), on raspi1ap the SD slot (mmcblk0p1).",
	"Seed 004's fairness rules, as seed-tuned's: every wait polls every 0.1 s (for the card's partition, the interface, " +
		"the link's operstate up before udhcpc), none sleeps blindly; busybox's applet links are made at build time, not by " +
		"`busybox --install -s` at boot; udhcpc retransmits every second (`-T 1 -A 1`), as airroot's DHCP does; and the network comes up " +
		"in the background so that box starts at once, as airroot's app starts beside the network (neither waits for it).",
	"The app prints its first line with CLOCK_BOOTTIME as soon as it runs, then sends a UDP packet to an echo server on the host " +
		"(10.0.2.2, QEMU's user network) every 100 ms until a reply comes, and prints that reply's time. Both variants carry the " +
		"same modules (the Wi-Fi station's and the card's: its driver, vfat and code pages): airroot build --modules and " +
		"--include-modules, the seed's insmod list in dependency order. The initramfs sizes are each variant's own archive, gzip level 9, " +
		"without the access point's files the test bed appends to both.",
}
