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
		d.enqueue(ev, fromKernel)
		d.track.saw(ev.Seqnum)
	}
}

// eventOrigin says where an event came from.
type eventOrigin int

const (
	fromKernel eventOrigin = iota // the uevent socket
	fromSysfs                     // a device's uevent file, read by the coldplug
	removed                       // not an origin: the device's remove event came
)

// queuedEvent is an event waiting for the dispatcher, and its origin.
type queuedEvent struct {
	Event
	origin eventOrigin
}

func (d *Daemon) enqueue(ev Event, origin eventOrigin) {
	d.track.add(busyEvent, 1)
	d.events.push(queuedEvent{ev, origin})
}

// dispatch handles the queued events in order.
func (d *Daemon) dispatch(ctx context.Context) {
	defer d.wg.Done()
	for {
		q, ok := d.events.pop(ctx)
		if !ok {
			return
		}
		if again, stale := d.seenBefore(q); stale {
			d.debugf("mdev: %s read by the coldplug before its remove event: not handled", q.Event)
		} else {
			d.handle(ctx, q.Event, again)
		}
		d.answered(q.Event)
		d.track.add(busyEvent, -1)
	}
}

// seenBefore reports whether q adds a device already added by the other
// origin (again): the coldplug read the uevent file of a device whose own
// add event the socket also brought, before or after. Adds from the kernel
// alone are each handled in full (someone wrote "add" to a uevent file
// again). An add the coldplug read before the device's remove event came
// is stale: the device is gone, or back with its own add event due.
func (d *Daemon) seenBefore(q queuedEvent) (again, stale bool) {
	before, ok := d.added[q.DevPath]
	switch {
	case q.Action == "remove":
		d.added[q.DevPath] = removed
	case q.Action != "add":
	case q.origin == fromSysfs && ok && before == removed:
		return false, true
	default:
		d.added[q.DevPath] = q.origin
		return ok && before != removed && (before == fromSysfs || q.origin == fromSysfs), false
	}
	return false, false
}

// handle acts on one event: firmware requests and module loads go to their
// own goroutines (a driver's probe may wait for firmware while its module
// loads), mdev.conf rules are applied here. A device added again (see
// again) gets its rules' nodes placed again, which changes nothing when
// they are in place and puts back what devtmpfs made after the first time,
// but not their commands run twice; its modules were asked for already.
func (d *Daemon) handle(ctx context.Context, ev Event, again bool) {
	d.debugf("mdev: %s (%s)", ev, ev.Subsystem)
	if ev.Action == "add" && ev.Subsystem == "firmware" && ev.Firmware != "" {
		d.startFirmware(ctx, ev)
	}
	if ev.Action == "add" && ev.Modalias != "" {
		d.requestModules(ev)
	}
	switch {
	case ev.Action == "add" || ev.Action == "remove":
		d.applyRules(ctx, ev, again)
		if d.Notify != nil {
			d.Notify(ev)
		}
	case d.anyOnBoth:
		// change, bind, move...: no node to make or remove, but a '*'
		// command runs, as busybox runs it on any action.
		d.applyRules(ctx, ev, again)
	}
}
