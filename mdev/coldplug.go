package mdev

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// coldplug asks every device under /sys/devices to announce itself again
// by writing "add" to its uevent file; the kernel answers with an add event
// on the socket. A uevent file that refuses is read instead, and its
// variables handled as the event.
func (d *Daemon) coldplug(ctx context.Context) error {
	root := filepath.Join(d.Sys, "devices")
	var asked, read int
	err := filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
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
		if de.Name() != "uevent" || !de.Type().IsRegular() {
			return nil
		}
		asked++
		if err := d.trigger(p); err != nil {
			d.debugf("mdev: coldplug: write add to %s: %v; reading it instead", p, err)
			read++
			d.announceFromFile(filepath.Dir(p))
		}
		return nil
	})
	d.track.touch() // the kernel's answers may not be read yet: Settle waits for them
	if err != nil {
		return fmt.Errorf("mdev: coldplug %s: %w", root, err)
	}
	d.logf("mdev: coldplug: asked %d devices under %s to announce themselves again", asked, root)
	if read > 0 {
		d.logf("mdev: coldplug: %d uevent files refused \"add\"; handled what they say instead", read)
	}
	return nil
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

// readSysEvent makes an add event of dir/uevent, with DEVPATH from dir and
// SUBSYSTEM from the dir/subsystem link.
func (d *Daemon) readSysEvent(dir string) (Event, error) {
	b, err := os.ReadFile(filepath.Join(dir, "uevent"))
	if err != nil {
		return Event{}, err
	}
	env, err := ParseUeventFile(b)
	if err != nil {
		return Event{}, fmt.Errorf("%s: %w", dir, err)
	}
	rel, err := filepath.Rel(d.Sys, dir)
	if err != nil {
		return Event{}, err
	}
	env["ACTION"] = "add"
	env["DEVPATH"] = "/" + filepath.ToSlash(rel)
	if link, err := os.Readlink(filepath.Join(dir, "subsystem")); err == nil {
		env["SUBSYSTEM"] = path.Base(filepath.ToSlash(link))
	}
	return EventFromEnv(env)
}
