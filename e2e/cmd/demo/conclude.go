package main

import (
	"fmt"
	"time"

	"github.com/airroot/airroot/e2e/scenario"
)

// conclude says what happened and how long it took; an error when the boot failed.
func conclude(r scenario.ScenarioReport, board, ssid string, total time.Duration) error {
	fmt.Println()
	if r.Status != scenario.StatusPass {
		return fmt.Errorf("the boot failed after %.0f s: %s\nthe whole console: %s", r.WallSeconds, r.Failure, r.ConsoleLog)
	}
	passed := 0
	for _, c := range r.GuestChecks {
		if c.Pass {
			passed++
		}
	}
	say("what happened, on the %s:", boardNames[board])
	say("  a test program ran first (rdinit=/fixture): it made two mac80211_hwsim radios and started Debian's hostapd")
	say("  on one, a WPA2-PSK access point %q bridged to QEMU's user network; then it exec'd airroot's /init,", ssid)
	say("  from the initramfs `airroot build` made, which as PID 1 joined that network on the other radio with its own")
	say("  supplicant, leased an address by DHCP, mounted its NFS root from this machine (a userspace NFSv3 server in")
	say("  this program) and switched to it;")
	if r.KernelToNewRootSeconds != nil {
		say("  the root's /sbin/init ran as PID 1 %.1f s after the kernel started (guest time) and %d of %d of its checks passed", *r.KernelToNewRootSeconds, passed, len(r.GuestChecks))
	}
	say("  (the 'airroot: boot:' line above is airroot's own timeline: each step and its duration).")
	say("how long: QEMU ran %.0f s; the whole demo took %.0f s (set-up and build included).", r.WallSeconds, total.Seconds())
	say("the whole console: %s", r.ConsoleLog)
	return nil
}
