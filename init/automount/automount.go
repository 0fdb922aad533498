// Package automount mounts the file systems of USB drives under
// /media/<label> as they are plugged in, and unmounts them when they go
// (airroot.automount, appliance mode). It reads the label itself (Probe),
// loads the file system's modules through the boot's module loader, and
// reaches the kernel only through OS, so that tests give it a fake.
package automount

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/airroot/airroot/mdev"
)

// DefaultMedia is where the drives are mounted.
const DefaultMedia = "/media"

// OS is what the automounter asks of the kernel.
type OS interface {
	// Head returns the first HeadSize bytes of /dev/NAME (fewer from a
	// smaller device).
	Head(name string) ([]byte, error)
	// Partitioned reports whether the disk at DEVPATH (under /sys) has
	// partitions.
	Partitioned(devpath string) bool
	// Mount mounts /dev/NAME's file system of type fstype on dir, which
	// exists, read-only unless readWrite, without set-uid programs or
	// device nodes.
	Mount(name, dir, fstype string, readWrite bool) error
	// Unmount detaches the file system on dir at once, even while files on
	// it are open (MNT_DETACH): the drive is gone already.
	Unmount(dir string) error
}

// ModuleLoader loads modules by name, each after the modules it needs;
// *modload.Loader is one.
type ModuleLoader interface {
	LoadFor(why string, names ...string) error
}

// Automounter mounts the USB drives mdev tells it about (Notify), in the
// order the events came, from Run.
type Automounter struct {
	Media     string // DefaultMedia when ""
	ReadWrite bool   // airroot.automount=rw
	OS        OS
	Modules   ModuleLoader // nil: no modules are loaded
	Log       func(format string, args ...any)
	// Skip names the devices never mounted (the card's boot partition,
	// mounted on /boot already), by name: sda1.
	Skip []string

	events chan mdev.Event
	mounts map[string]mount // by device name
}

// mount is one file system the automounter mounted.
type mount struct{ dir, label string }

// queueSize bounds the events waiting for Run; Notify blocks beyond it.
const queueSize = 64

// Notify hands over one uevent, from mdev's dispatcher; the automounter
// keeps those of USB block devices, for Run.
func (a *Automounter) Notify(ev mdev.Event) {
	if !isUSBBlock(ev) || (ev.Action != "add" && ev.Action != "remove") {
		return
	}
	a.queue() <- ev
}

func (a *Automounter) queue() chan mdev.Event {
	if a.events == nil {
		a.events = make(chan mdev.Event, queueSize)
	}
	return a.events
}

// Run handles the events notified, those from before it started first,
// until ctx ends. Call Notify only after the automounter's fields are set;
// Run starts it handling.
func (a *Automounter) Run(ctx context.Context) {
	events := a.queue()
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-events:
			a.Handle(ev)
		}
	}
}

// Handle acts on one event: an added partition, or an added disk without
// partitions, is mounted if it holds a file system Probe knows; a removed
// one that was mounted is unmounted.
func (a *Automounter) Handle(ev mdev.Event) {
	if a.mounts == nil {
		a.mounts = map[string]mount{}
	}
	switch {
	case ev.DevName == "" || a.skipped(ev.DevName):
	case ev.Action == "add":
		a.add(ev)
	case ev.Action == "remove":
		a.remove(ev.DevName)
	}
}

func (a *Automounter) add(ev mdev.Event) {
	name := ev.DevName
	if _, done := a.mounts[name]; done { // the coldplug and the kernel both told
		return
	}
	if ev.Env["DEVTYPE"] == "disk" && a.OS.Partitioned(ev.DevPath) {
		return // its partitions come with their own events
	}
	head, err := a.OS.Head(name)
	if err != nil {
		a.logf("automount: %s: %v", name, err)
		return
	}
	fs, ok := Probe(head)
	if !ok {
		a.logf("automount: %s: no FAT or ext2/3/4 file system: not mounted", name)
		return
	}
	if err := a.mount(name, fs); err != nil {
		a.logf("automount: %s (%s): %v", name, fs.Name, err)
	}
}

// mount makes the directory for fs and mounts it there.
func (a *Automounter) mount(name string, fs Filesystem) error {
	if a.Modules != nil {
		// One the initramfs lacks may be built in: the mount says if not.
		_ = a.Modules.LoadFor("to mount "+name, fs.Modules()...)
	}
	media := a.media()
	if err := os.MkdirAll(media, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", media, err)
	}
	dir := filepath.Join(media, DirName(fs.Label, name, a.taken))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	if err := a.OS.Mount(name, dir, fs.FSType, a.ReadWrite); err != nil {
		_ = os.Remove(dir)
		return fmt.Errorf("%w (is %s in the kernel or the initramfs? airroot build --automount puts it in)", err, fs.FSType)
	}
	a.mounts[name] = mount{dir: dir, label: fs.Label}
	a.logf("automount: %s (%s) mounted at %s (%s, %s)", name, labelOf(fs.Label), dir, fs.Name, a.access())
	return nil
}

func (a *Automounter) remove(name string) {
	m, ok := a.mounts[name]
	if !ok {
		return
	}
	delete(a.mounts, name)
	if err := a.OS.Unmount(m.dir); err != nil {
		a.logf("automount: %s (%s): unmount %s: %v", name, labelOf(m.label), m.dir, err)
		return
	}
	if err := os.Remove(m.dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		a.logf("automount: %s: remove %s: %v", name, m.dir, err)
	}
	a.logf("automount: %s (%s) unmounted from %s", name, labelOf(m.label), m.dir)
}

// taken reports whether a name under Media is in use.
func (a *Automounter) taken(name string) bool {
	_, err := os.Lstat(filepath.Join(a.media(), name))
	return err == nil
}

func (a *Automounter) skipped(name string) bool {
	for _, s := range a.Skip {
		if s == name {
			return true
		}
	}
	return false
}

func (a *Automounter) media() string {
	if a.Media == "" {
		return DefaultMedia
	}
	return a.Media
}

func (a *Automounter) access() string {
	if a.ReadWrite {
		return "read-write"
	}
	return "read-only"
}

func (a *Automounter) logf(format string, args ...any) {
	if a.Log != nil {
		a.Log(format, args...)
	}
}

func labelOf(label string) string {
	if label == "" {
		return "no label"
	}
	return label
}

// isUSBBlock reports whether ev is about a disk or partition on a USB bus:
// its DEVPATH goes through a root hub, usbN.
func isUSBBlock(ev mdev.Event) bool {
	if ev.Subsystem != "block" {
		return false
	}
	for _, seg := range strings.Split(ev.DevPath, "/") {
		if n, ok := strings.CutPrefix(seg, "usb"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
			return true
		}
	}
	return false
}
