package boot

// appFirst reports whether the keeper starts with the app rather than
// early: in appliance mode, unless the app waits for the network
// (airroot.app.wait=network). On a one-core Pi 1 the keeper's start and
// Wi-Fi scan, beside the coldplug, made the devices step, and so the app's
// start, seconds later (4.7 s against 0.1 s alone); the join, begun after
// the coldplug, loses only the coldplug's time.
func (b *Boot) appFirst() bool {
	return b.app != nil && !b.app.WaitNetwork
}
