package mdev

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// coldplug handles the devices the kernel found before the socket was
// open, as busybox mdev -s does: it reads each one's uevent file (MAJOR,
// MINOR, DEVNAME, MODALIAS, DRIVER: what the kernel's add event said) and
// queues it as that device's add event, with DEVPATH and SUBSYSTEM from
// where the device was listed. No kernel round trip: a write to a uevent
// file costs about 24 ms on a Pi 1 under QEMU, a read a fraction of that.
// The socket is open already, so a device that comes or goes during the
// listing also gets its own events; and the uevents the kernel sent until
// the listing ended are due (Settle waits for them).
func (d *Daemon) coldplug(ctx context.Context) error {
	start := d.now()
	devs, how, err := d.listDevices(ctx, d.bookkeeping()...)
	if err != nil {
		return fmt.Errorf("mdev: coldplug %s: %w", how, err)
	}
	listed := d.now()
	gone := 0
	for _, dev := range devs {
		if ctx.Err() != nil {
			return fmt.Errorf("mdev: coldplug %s: %w", how, ctx.Err())
		}
		ev, err := d.sysEvent(dev)
		switch {
		case errors.Is(err, fs.ErrNotExist): // gone since it was listed: its remove event tells
			d.debugf("mdev: coldplug: %s is gone: %v", dev.path, err)
			gone++
			continue
		case err != nil:
			d.logf("mdev: coldplug: %v", err)
			continue
		}
		d.enqueue(ev, fromSysfs)
	}
	d.expectUevents()
	d.logf("mdev: coldplug: read %d devices' uevent files (%s; listed in %v, read in %v)",
		len(devs)-gone, how, listed.Sub(start).Round(time.Millisecond), d.now().Sub(listed).Round(time.Millisecond))
	return nil
}

// sysDevice is a device the coldplug found: an entry of its subsystem's
// list (a link to the device's folder) and that subsystem, or, found by
// walking /sys/devices, its folder and no subsystem.
type sysDevice struct {
	path      string
	subsystem string
}

// listDevices lists every device as udevadm trigger does, through each
// subsystem's list (/sys/bus/*/devices/*, /sys/class/*/*): a few dozen
// folders, where walking /sys/devices reads thousands of entries (3 s under
// emulation). Only when those lists are missing does it walk /sys/devices.
// how says which. The subsystems named in skip are left out.
func (d *Daemon) listDevices(ctx context.Context, skip ...string) (devs []sysDevice, how string, err error) {
	lists, left := 0, ""
	for _, list := range subsystemLists(d.Sys) {
		if slices.Contains(skip, list.subsystem) {
			left += ", " + list.subsystem + " left out"
			continue
		}
		entries, err := os.ReadDir(list.dir)
		if err != nil {
			d.debugf("mdev: coldplug: %v", err)
			continue
		}
		lists++
		for _, e := range entries {
			if e.Type()&(fs.ModeSymlink|fs.ModeDir) != 0 { // not class/gpio/export and the like
				devs = append(devs, sysDevice{filepath.Join(list.dir, e.Name()), list.subsystem})
			}
		}
	}
	if len(devs) > 0 {
		return devs, fmt.Sprintf("%d subsystems under %s%s", lists, d.Sys, left), nil
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
			devs = append(devs, sysDevice{path: filepath.Dir(p)})
		}
		return nil
	})
	return devs, "under " + root, err
}

// bookkeepingClass is the class of the kernel's device links
// (/sys/class/devlink, "supplier--consumer"): no node, no MODALIAS, no
// driver; a Pi 1's device tree makes dozens of them.
const bookkeepingClass = "devlink"

// bookkeeping names the subsystems whose devices the coldplug need not
// read: the device links, unless an mdev.conf rule runs a command (a rule
// may match any name) or Notify wants every event. busybox mdev -s reads
// only the devices with a node.
func (d *Daemon) bookkeeping() []string {
	if d.Notify != nil {
		return nil
	}
	for i := range d.Rules {
		if d.Rules[i].Command.On != 0 {
			return nil
		}
	}
	return []string{bookkeepingClass}
}

// subsystemList is the folder listing a subsystem's devices.
type subsystemList struct {
	dir       string
	subsystem string
}

// subsystemLists names each subsystem's list, bus/NAME/devices and
// class/NAME, in path order. A bus's list is named without reading the
// bus's folder, as filepath.Glob would (30 folders more); one that is
// missing fails to be read.
func subsystemLists(sys string) []subsystemList {
	var lists []subsystemList
	for _, top := range []struct{ dir, list string }{{"bus", "devices"}, {"class", ""}} {
		names, _ := os.ReadDir(filepath.Join(sys, top.dir)) // missing: none
		for _, n := range names {
			if n.IsDir() || n.Type()&fs.ModeSymlink != 0 {
				lists = append(lists, subsystemList{filepath.Join(sys, top.dir, n.Name(), top.list), n.Name()})
			}
		}
	}
	sort.Slice(lists, func(i, j int) bool { return lists[i].dir < lists[j].dir })
	return lists
}

// sysEvent makes the add event of a listed device. A list's entry is a
// relative link to the device's folder: DEVPATH is where it points, worked
// out without resolving every folder on the way. Anything else is resolved.
func (d *Daemon) sysEvent(dev sysDevice) (Event, error) {
	target, err := os.Readlink(dev.path)
	if errors.Is(err, fs.ErrNotExist) {
		return Event{}, err
	}
	if err != nil || filepath.IsAbs(target) || dev.subsystem == "" {
		return d.readSysEvent(dev.path)
	}
	return d.deviceEvent(d.Sys, filepath.Join(filepath.Dir(dev.path), target), dev.subsystem)
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
	return d.deviceEvent(sys, dir, "")
}

// deviceEvent makes the add event of the device whose folder is dir, under
// sys: the variables of dir/uevent, DEVPATH, and SUBSYSTEM (read from the
// dir/subsystem link when subsystem is "").
func (d *Daemon) deviceEvent(sys, dir, subsystem string) (Event, error) {
	b, err := readSysAttr(filepath.Join(dir, "uevent"), d.ueventBuf)
	if err != nil {
		return Event{}, err
	}
	d.ueventBuf = b[:cap(b)]
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
	if subsystem == "" {
		if link, err := os.Readlink(filepath.Join(dir, "subsystem")); err == nil {
			subsystem = path.Base(filepath.ToSlash(link))
		}
	}
	if subsystem != "" {
		env["SUBSYSTEM"] = subsystem
	}
	return EventFromEnv(env)
}

// readSeqnum reads the number of the kernel's last uevent.
func readSeqnum(sys string) (uint64, error) {
	name := filepath.Join(sys, "kernel", "uevent_seqnum")
	b, err := os.ReadFile(name)
	if err != nil {
		return 0, fmt.Errorf("read the kernel's uevent number: %w", err)
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("read the kernel's uevent number: %s: %w", name, err)
	}
	return n, nil
}
