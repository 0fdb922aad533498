package boot

import (
	"context"
	"errors"
	"sync"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/netboot/keeper"
)

// startKeeperEarly starts the keeper before the modules and devices steps,
// so that it scans and associates while they run; nil if it could not
// start (bringUpNetwork then tries again and says why).
func (b *Boot) startKeeperEarly() *keeper.Proc {
	k, err := keeper.Start()
	if err != nil {
		b.Log.Debugf("%v (trying again after the devices step)", err)
		return nil
	}
	return k
}

// bringUpNetwork has the keeper bring up the link and the address: it tells
// the keeper started early (or a new one) when the devices have settled (a
// wired root's link waits for that, Wi-Fi does not) and waits until it says
// the network is up, adding its steps to our timeline and adopting the
// network it reports. The keeper logs its own steps; one that dies is
// started again.
func (b *Boot) bringUpNetwork(ctx context.Context, early *keeper.Proc) (*keeper.Proc, error) {
	k := early
	err := b.retry(ctx, "network", "the keeper to bring the network up", func(context.Context) error {
		var err error
		if k == nil {
			if k, err = keeper.Start(); err != nil {
				return err
			}
		}
		awaiting := make(chan struct{})
		go b.tellSettled(k, awaiting)
		if err = b.adoptNetwork(k, sync.OnceFunc(func() { close(awaiting) })); err != nil {
			k.Close()
			k = nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

// tellSettled tells k once the devices step has ended. The coldplug yields
// the CPU until something waits for it: the switch, or the keeper's link
// when it says it waits (awaiting closes), which raises it. A keeper that
// has already stopped cannot hear it, but what it said before it went (why
// it cannot bring the network up) is still to be read: that is the news,
// not the broken pipe.
func (b *Boot) tellSettled(k *keeper.Proc, awaiting <-chan struct{}) {
	if b.devices != nil {
		select {
		case <-b.devices.done:
		case <-awaiting:
			_ = b.devices.wait()
		}
	}
	_ = k.DevicesSettled()
}

// adoptNetwork follows the keeper's steps until it says the network is up;
// awaitingDevices runs when the keeper says its link waits for the devices.
func (b *Boot) adoptNetwork(k *keeper.Proc, awaitingDevices func()) error {
	state, err := k.AwaitReady(b.Timeline.Add, awaitingDevices)
	if errors.Is(err, bootlog.ErrPermanent) {
		// Only what the user set can be permanent: an access point that
		// does not offer what airroot needs is waited for (the keeper
		// retries), so the fix is in the configuration or the radio.
		return WithFix(err, "fix the Wi-Fi configuration (airroot build --wifi-config) or the command line, or use a radio that can do what they ask, and boot again")
	}
	if err != nil {
		return err
	}
	b.Net.Adopt(state)
	return nil
}
