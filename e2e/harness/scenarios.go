package harness

import (
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// bootSteps are the step names airroot's timeline must have after a full boot.
var bootSteps = []string{"mount", "modules", "link", "dhcp", "nfs", "switch_root"}

// Scenarios are the end-to-end boots, run by the e2e test. Timeouts are generous: TCG
// on a shared 2-core machine has been seen to take 17 s of guest time to reach /init.
var Scenarios = []Scenario{
	{
		// DHCP over slirp, NFSv3 root, switch_root; the guest checks the new root.
		Name:       "virt-ethernet",
		Board:      "virt",
		Expect:     []Pattern{{TimelinePrefix}},
		ResultMode: guestproto.ModeNewRoot,
		WantSteps:  bootSteps,
		Timeout:    6 * time.Minute,
	},
	{
		// Nothing listens at the nfsroot port: airroot must keep retrying, not die.
		Name:      "virt-nfs-dead",
		Board:     "virt",
		Server:    ServerDead,
		Expect:    []Pattern{{"airroot: "}},
		StopAfter: Repeat{Pattern: Pattern{"airroot: ", "waiting for"}, Count: 3},
		Timeout:   6 * time.Minute,
	},
	{
		// The NFS root has no /sbin/init: airroot names it and, with rd.shell, runs the
		// initramfs's /bin/sh (the guest in rescue mode) with nothing deleted.
		Name:            "virt-no-init",
		Board:           "virt",
		Cmdline:         []string{"rd.shell"},
		RootWithoutInit: true,
		RescueShell:     true,
		Expect:          []Pattern{{"airroot: ", "/sbin/init"}},
		ResultMode:      guestproto.ModeRescue,
		Timeout:         6 * time.Minute,
	},
	{
		Name:       "raspi1ap-ethernet",
		Board:      "raspi1ap",
		Expect:     []Pattern{{TimelinePrefix}},
		ResultMode: guestproto.ModeNewRoot,
		WantSteps:  bootSteps,
		Timeout:    10 * time.Minute,
	},
}
