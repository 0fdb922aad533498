package keeper

import (
	"errors"
	"io/fs"
	"os"

	"github.com/airroot/airroot/init/app"
)

// appNetworkFile is where PID 1 in appliance mode tells the app about the
// network (app.NetworkFile); tests move it.
var appNetworkFile = app.NetworkFile

// leaseTaken is what the worker does after each lease Keep takes: it tells
// the supervisor, so that a restarted worker renews on this lease's times,
// not a stale one's (one short JSON line on a pipe, once a T1); and when the
// address, the router or the name servers changed, it rewrites the app's
// network file, which PID 1 wrote once at boot.
func (k *keeper) leaseTaken(changed bool) {
	k.reportNet()
	if changed {
		k.rewriteAppNetwork()
	}
}

// rewriteAppNetwork replaces the app's network file with the network as it
// is now, if there is one: PID 1 writes it in appliance mode only, before
// the keeper's first lease is kept.
func (k *keeper) rewriteAppNetwork() {
	if _, err := os.Stat(appNetworkFile); errors.Is(err, fs.ErrNotExist) {
		return
	}
	s := k.net.State()
	n := app.Network{State: app.NetworkUp, Interface: s.Interface, Address: s.Address, Gateway: s.Gateway, DNS: s.DNS}
	if err := app.WriteNetwork(appNetworkFile, n); err != nil {
		k.log.Warnf("keeper: %v", err)
	}
}
