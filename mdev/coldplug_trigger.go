package mdev

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"time"
)

// coldplugTrigger is the coldplug with Trigger set: it asks every device to
// announce itself again by writing "add" to its uevent file, and the kernel
// answers with an add event on the socket. Each write carries the daemon's
// synthetic-event UUID ("add UUID", Linux 4.13+), so Settle can wait for
// exactly the answers still due instead of guessing from a quiet time. A
// uevent file that refuses is read instead, and its variables handled as
// the event.
func (d *Daemon) coldplugTrigger(ctx context.Context) error {
	start := d.now()
	devs, how, err := d.listDevices(ctx)
	if err != nil {
		return fmt.Errorf("mdev: coldplug %s: %w", how, err)
	}
	listed := d.now()
	var read, tagged, gone int
	for _, dev := range devs {
		if ctx.Err() != nil {
			return fmt.Errorf("mdev: coldplug %s: %w", how, ctx.Err())
		}
		switch d.triggerOne(filepath.Join(dev.path, "uevent")) {
		case answerTagged:
			tagged++
		case answerRead:
			read++
		case answerGone:
			gone++
		}
	}
	d.track.touch() // the kernel's answers may not be read yet: Settle waits for them
	d.logf("mdev: coldplug: asked %d devices (%s) to announce themselves again (listed in %v, asked in %v)",
		len(devs), how, listed.Sub(start).Round(time.Millisecond), d.now().Sub(listed).Round(time.Millisecond))
	if plain := len(devs) - read - gone - tagged; plain > 0 {
		d.logf("mdev: coldplug: the kernel took %d of %d writes without a UUID: settling on a quiet time", plain, len(devs)-read-gone)
	}
	if read > 0 {
		d.logf("mdev: coldplug: %d uevent files refused \"add\"; handled what they say instead", read)
	}
	return nil
}

// How one device answered the coldplug.
const (
	answerTagged = iota // the kernel will send an add event with our UUID
	answerPlain         // it will send an add event without it
	answerRead          // the uevent file was read and handled instead
	answerGone          // the device is gone
)

// triggerOne writes "add UUID" to the uevent file p, counting the answer
// due; a kernel that refuses the UUID gets a plain "add", a file that
// refuses both is read.
func (d *Daemon) triggerOne(p string) int {
	d.track.add(busyColdplug, 1)
	err := d.trigger(p, d.synthUUID)
	if err == nil {
		return answerTagged
	}
	d.track.add(busyColdplug, -1)
	if errors.Is(err, fs.ErrNotExist) { // gone since it was listed (moved to another namespace)
		d.debugf("mdev: coldplug: %s: %v", p, err)
		return answerGone
	}
	if d.trigger(p, "") == nil {
		return answerPlain
	}
	d.debugf("mdev: coldplug: write add to %s: %v; reading it instead", p, err)
	d.announceFromFile(filepath.Dir(p))
	return answerRead
}

// newSynthUUID returns a random UUID for synthetic events, as the kernel's
// uuid_is_valid wants it. It only tells this daemon's answers from others',
// so it needs no secrecy: math/rand, seeded by the runtime, never waits, where
// crypto/rand's getrandom(2) blocks until the kernel's CRNG is initialised,
// which on a board with no network and no hardware RNG driver came 10 s into
// the devices step (raspi1ap-appliance-usb).
func newSynthUUID() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// answered counts a coldplug answer when ev carries the daemon's UUID.
func (d *Daemon) answered(ev Event) {
	if ev.Action == "add" && d.synthUUID != "" && ev.Env["SYNTH_UUID"] == d.synthUUID {
		d.track.add(busyColdplug, -1)
	}
}

// announceFromFile queues the add event a device's uevent file describes.
func (d *Daemon) announceFromFile(dir string) {
	ev, err := d.readSysEvent(dir)
	if err != nil {
		d.logf("mdev: coldplug: %v", err)
		return
	}
	d.enqueue(ev, fromSysfs)
}
