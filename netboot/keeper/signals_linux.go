package keeper

import (
	"os"
	"os/signal"

	"golang.org/x/sys/unix"
)

// handleSignals keeps the keeper alive through the signals a shutdown or a
// person sends, which would end a Go program by default: the root lives on
// the link it holds. SIGHUP and SIGINT are logged and ignored. So is SIGTERM
// once the keeper has followed PID 1 into the new root: an init that sends
// every process SIGTERM at shutdown (busybox init, sysvinit; systemd spares
// '@' processes) still needs the root to sync and unmount it, and the
// SIGKILL that follows ends the keeper. Before the switch, SIGTERM comes
// from airroot's PID 1 ending the boot, and the keeper exits. It returns a
// function that stops the handling.
func (k *keeper) handleSignals() (stop func()) {
	c := make(chan os.Signal, 4)
	signal.Notify(c, unix.SIGHUP, unix.SIGINT, unix.SIGTERM)
	go func() {
		for s := range c {
			if s == unix.SIGTERM && !k.switched.Load() {
				k.log.Infof("keeper: %v before switch_root: exiting", s)
				os.Exit(0)
			}
			k.log.Infof("keeper: %v ignored: the root lives on this link (SIGKILL stops the keeper)", s)
		}
	}()
	return func() { signal.Stop(c); close(c) }
}
