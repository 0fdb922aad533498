package keeper

import (
	"context"
	"fmt"
	"time"

	"github.com/airroot/airroot/netboot/link"
)

// followCarrier watches a wired link for as long as the keeper lives: a
// carrier lost (a cable pulled, a switch restarting) is logged as a warning,
// its return with how long it was gone, and the lease is then confirmed at
// once (Net.LinkBack), as after a Wi-Fi rejoin: the cable may now lead to
// another network, the switch's router may have restarted.
func (k *keeper) followCarrier(ctx context.Context) {
	name := k.net.Interface()
	var lost time.Time
	err := link.FollowCarrier(ctx, name, func(up bool) {
		if !up {
			lost = time.Now()
			k.log.Warnf("link: %s lost its carrier", name)
			return
		}
		gone := "" // unknown when the carrier was already lost as the keeper started
		if !lost.IsZero() {
			gone = fmt.Sprintf(" after %v", time.Since(lost).Round(time.Millisecond))
		}
		k.log.Infof("link: %s has carrier again%s", name, gone)
		k.net.LinkBack()
	})
	if err != nil && ctx.Err() == nil {
		k.log.Warnf("link: %v; a lost carrier goes unnoticed until the lease's next renewal", err)
	}
}
