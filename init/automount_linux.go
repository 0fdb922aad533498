package boot

import (
	"context"
	"path/filepath"

	"github.com/airroot/airroot/init/automount"
)

// setUpAutomount reads airroot.automount= (see automount.ParseOption). It
// works in appliance mode only, where mdev runs on: an NFS root's own
// system handles its drives.
func (b *Boot) setUpAutomount() {
	v, given := b.Config.Airroot["automount"]
	if !given {
		return
	}
	on, readWrite, err := automount.ParseOption(v)
	switch {
	case err != nil:
		b.Log.Warnf("kernel command line: %v (no automount)", err)
		return
	case !on:
		return
	case b.app == nil:
		b.Log.Warnf("kernel command line: airroot.automount works in appliance mode only (the NFS root's system mounts its own drives): ignored")
		return
	}
	b.automount = &automount.Automounter{ReadWrite: readWrite, OS: automount.System{}, Log: b.Log.Infof}
}

// startAutomount has the automounter mount the USB drives mdev told it
// about, those of the coldplug first, and those that come later. It starts
// once the card is read, so that the card's boot partition, when it is on
// a USB drive, is not mounted again under /media.
func (b *Boot) startAutomount(ctx context.Context) {
	if b.automount == nil {
		return
	}
	if b.card.mounted != "" {
		b.automount.Skip = []string{filepath.Base(b.card.mounted)}
	}
	b.automount.Modules = b.loader()
	go b.automount.Run(ctx)
}
