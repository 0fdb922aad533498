package mdev

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"time"
)

// coldplug asks every device to announce itself again by writing "add" to
// its uevent file; the kernel answers with an add event on the socket. It
// finds the devices as udevadm trigger does, through each subsystem's list
// (/sys/bus/*/devices/*, /sys/class/*/*): a few dozen folders, where
// walking /sys/devices reads thousands of entries (3 s under emulation).
// Only when those lists are missing does it walk /sys/devices. Each write
// carries the daemon's synthetic-event UUID ("add UUID", Linux 4.13+), so
// Settle can wait for exactly the answers still due instead of guessing
// from a quiet time. A uevent file that refuses is read instead, and its
// variables handled as the event.
func (d *Daemon) coldplug(ctx context.Context) error {
	start := d.now()
	files, how, err := d.ueventFiles(ctx)
	if err != nil {
		return fmt.Errorf("mdev: coldplug %s: %w", how, err)
	}
	listed := d.now()
	var read, tagged, gone int
	for _, p := range files {
		if ctx.Err() != nil {
			return fmt.Errorf("mdev: coldplug %s: %w", how, ctx.Err())
		}
		switch d.triggerOne(p) {
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
		len(files), how, listed.Sub(start).Round(time.Millisecond), d.now().Sub(listed).Round(time.Millisecond))
	if plain := len(files) - read - gone - tagged; plain > 0 {
		d.logf("mdev: coldplug: the kernel took %d of %d writes without a UUID: settling on a quiet time", plain, len(files)-read-gone)
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

// ueventFiles lists the uevent file of every device, through the subsystem
// lists, or by walking /sys/devices when there are none. how says which.
func (d *Daemon) ueventFiles(ctx context.Context) (files []string, how string, err error) {
	var dirs []string
	for _, pattern := range []string{"bus/*/devices", "class/*"} {
		found, _ := filepath.Glob(filepath.Join(d.Sys, pattern)) // the patterns are well-formed
		sort.Strings(found)
		dirs = append(dirs, found...)
	}
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			d.debugf("mdev: coldplug: %v", err)
			continue
		}
		for _, e := range entries {
			if e.Type()&(fs.ModeSymlink|fs.ModeDir) != 0 { // not class/gpio/export and the like
				files = append(files, filepath.Join(dir, e.Name(), "uevent"))
			}
		}
	}
	if len(files) > 0 {
		return files, fmt.Sprintf("%d subsystems under %s", len(dirs), d.Sys), nil
	}
	root := filepath.Join(d.Sys, "devices")
	err = filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if p == root {
				return err
			}
			d.debugf("mdev: coldplug: %v", err)
			return nil
		}
		if de.Name() == "uevent" && de.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	return files, "under " + root, err
}

// newSynthUUID returns a random UUID for synthetic events, as the kernel's
// uuid_is_valid wants it.
func newSynthUUID() string {
	var b [16]byte
	rand.Read(b[:])
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
	d.enqueue(ev)
}

// readSysEvent makes an add event of dir/uevent, with DEVPATH from dir (a
// subsystem's link to the device is followed) and SUBSYSTEM from the
// dir/subsystem link.
func (d *Daemon) readSysEvent(dir string) (Event, error) {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	sys := d.Sys
	if real, err := filepath.EvalSymlinks(sys); err == nil {
		sys = real
	}
	b, err := os.ReadFile(filepath.Join(dir, "uevent"))
	if err != nil {
		return Event{}, err
	}
	env, err := ParseUeventFile(b)
	if err != nil {
		return Event{}, fmt.Errorf("%s: %w", dir, err)
	}
	rel, err := filepath.Rel(sys, dir)
	if err != nil || !filepath.IsLocal(rel) {
		return Event{}, errors.Join(fmt.Errorf("%s is not under %s", dir, d.Sys), err)
	}
	env["ACTION"] = "add"
	env["DEVPATH"] = "/" + filepath.ToSlash(rel)
	if link, err := os.Readlink(filepath.Join(dir, "subsystem")); err == nil {
		env["SUBSYSTEM"] = path.Base(filepath.ToSlash(link))
	}
	return EventFromEnv(env)
}
