package main

import (
	"os"
	"strconv"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/init/switchroot"
	"golang.org/x/sys/unix"
)

// switchRoot moves into the NFS root with airroot's own switch_root (the kernel
// mounts moved, the initramfs freed, the new init executed), after printing the
// uptime it starts at. The Wi-Fi link must outlive the exec: the kernel ends a
// connection when the nl80211 socket that made it closes (NL80211_ATTR_SOCKET_OWNER),
// so every descriptor is left open across it, where airroot's keeper holds them.
func switchRoot() error {
	emit(benchproto.FloorSwitchStart, bootlog.Uptime())
	return switchroot.Switch(switchroot.Options{NewRoot: layout.NewRoot.Path, Init: "/sbin/init", Env: os.Environ(),
		BeforeExec: keepDescriptors})
}

// keepDescriptors clears close-on-exec on every open descriptor.
func keepDescriptors() {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return // the link drops and the guest's NFS reads stall: the boot times out and says so
	}
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			unix.FcntlInt(uintptr(fd), unix.F_SETFD, 0)
		}
	}
}

// since is the seconds from start to now.
func since(start time.Time) float64 { return time.Since(start).Seconds() }
