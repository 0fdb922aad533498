package mdev

import (
	"context"
	"errors"
	"io/fs"
)

// receive reads messages from the source into the event queue until the
// source is closed.
func (d *Daemon) receive() {
	defer d.wg.Done()
	for {
		msg, err := d.src.Receive()
		switch {
		case errors.Is(err, fs.ErrClosed):
			return
		case errors.Is(err, ErrEventsLost):
			d.logf("mdev: %v; some devices may lack their modules until replugged", err)
			d.track.clear(busyColdplug) // the lost answers will never come
			continue
		case err != nil:
			d.logf("mdev: receive uevent: %v; hotplug stops here", err)
			return
		}
		ev, err := ParseMessage(msg)
		switch {
		case errors.Is(err, ErrLibudev):
			continue
		case err != nil:
			d.logf("mdev: %v", err)
			continue
		}
		d.enqueue(ev)
	}
}

func (d *Daemon) enqueue(ev Event) {
	d.track.add(busyEvent, 1)
	d.events.push(ev)
}

// dispatch handles the queued events in order.
func (d *Daemon) dispatch(ctx context.Context) {
	defer d.wg.Done()
	for {
		ev, ok := d.events.pop(ctx)
		if !ok {
			return
		}
		d.handle(ctx, ev)
		d.answered(ev)
		d.track.add(busyEvent, -1)
	}
}

// handle acts on one event: firmware requests and module loads go to their
// own goroutines (a driver's probe may wait for firmware while its module
// loads), mdev.conf rules are applied here.
func (d *Daemon) handle(ctx context.Context, ev Event) {
	d.debugf("mdev: %s (%s)", ev, ev.Subsystem)
	if ev.Action == "add" && ev.Subsystem == "firmware" && ev.Firmware != "" {
		d.startFirmware(ctx, ev)
	}
	if ev.Action == "add" && ev.Modalias != "" {
		d.requestModules(ev)
	}
	if ev.Action == "add" || ev.Action == "remove" {
		d.applyRules(ctx, ev)
	}
}
