package automount

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/mdev"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// fakeOS is the kernel as the automounter sees it: devices' heads by name,
// the disks that have partitions, and the mounts it was asked for.
type fakeOS struct {
	heads       map[string][]byte
	partitioned map[string]bool // by DEVPATH
	mountErr    error
	mounted     map[string]string // dir → "name fstype ro|rw"
	calls       []string
}

func (f *fakeOS) Head(name string) ([]byte, error) {
	h, ok := f.heads[name]
	if !ok {
		return nil, fmt.Errorf("read /dev/%s: %w", name, os.ErrNotExist)
	}
	return h, nil
}

func (f *fakeOS) Partitioned(devpath string) bool { return f.partitioned[devpath] }

func (f *fakeOS) Mount(name, dir, fstype string, readWrite bool) error {
	f.calls = append(f.calls, "mount "+name+" "+filepath.Base(dir))
	if f.mountErr != nil {
		return f.mountErr
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("mount on %s: not a directory", dir)
	}
	access := "ro"
	if readWrite {
		access = "rw"
	}
	f.mounted[filepath.Base(dir)] = name + " " + fstype + " " + access
	return nil
}

func (f *fakeOS) Unmount(dir string) error {
	f.calls = append(f.calls, "unmount "+filepath.Base(dir))
	if _, ok := f.mounted[filepath.Base(dir)]; !ok {
		return fmt.Errorf("unmount %s: not mounted", dir)
	}
	delete(f.mounted, filepath.Base(dir))
	return nil
}

type fakeLoader struct{ loaded []string }

func (l *fakeLoader) LoadFor(_ string, names ...string) error {
	l.loaded = append(l.loaded, names...)
	return errors.New("not in the initramfs") // the automounter goes on: it may be built in
}

// The DEVPATHs of a USB stick on a Pi's dwc2 root hub, and of an SD card.
const (
	usbDisk = "/devices/platform/soc/20980000.usb/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda"
	mmcDisk = "/devices/platform/soc/20202000.mmc/mmc_host/mmc0/mmc0:0001/block/mmcblk0"
)

func blockEvent(action, devpath, name, devtype string) mdev.Event {
	if devtype == "partition" {
		devpath += "/" + name
	}
	return mdev.Event{Action: action, DevPath: devpath, Subsystem: "block", DevName: name,
		Env: map[string]string{"DEVTYPE": devtype}}
}

func TestAutomounter(t *testing.T) {
	add := func(disk, name, devtype string) mdev.Event { return blockEvent("add", disk, name, devtype) }
	remove := func(disk, name, devtype string) mdev.Event { return blockEvent("remove", disk, name, devtype) }
	tests := []struct {
		name        string
		heads       map[string][]byte
		partitioned bool // usbDisk has partitions
		readWrite   bool
		skip        []string
		existing    []string // directories under /media before
		events      []mdev.Event
		want        map[string]string // what stays mounted, by directory
		wantCalls   []string
		wantLog     []string
		wantLoaded  []string
	}{
		{
			name:  "a partition: mounted read-only by its label",
			heads: map[string][]byte{"sda1": fatHead("STICK")}, partitioned: true,
			events:     []mdev.Event{add(usbDisk, "sda", "disk"), add(usbDisk, "sda1", "partition")},
			want:       map[string]string{"STICK": "sda1 vfat ro"},
			wantCalls:  []string{"mount sda1 STICK"},
			wantLog:    []string{"automount: sda1 (STICK) mounted at MEDIA/STICK (vfat, read-only)"},
			wantLoaded: []string{"vfat", "nls_cp437", "nls_ascii"},
		},
		{
			name:  "plugged then pulled: unmounted, its directory gone",
			heads: map[string][]byte{"sda1": fatHead("STICK")}, partitioned: true,
			events: []mdev.Event{add(usbDisk, "sda", "disk"), add(usbDisk, "sda1", "partition"),
				remove(usbDisk, "sda1", "partition"), remove(usbDisk, "sda", "disk")},
			want:      map[string]string{},
			wantCalls: []string{"mount sda1 STICK", "unmount STICK"},
			wantLog: []string{"automount: sda1 (STICK) mounted at MEDIA/STICK (vfat, read-only)",
				"automount: sda1 (STICK) unmounted from MEDIA/STICK"},
			wantLoaded: []string{"vfat", "nls_cp437", "nls_ascii"},
		},
		{
			name:  "a whole disk with a file system and no partition table",
			heads: map[string][]byte{"sda": extHead(extHasJournal, 0x40, 0, "")}, readWrite: true,
			events:     []mdev.Event{add(usbDisk, "sda", "disk")},
			want:       map[string]string{"sda": "sda ext4 rw"},
			wantCalls:  []string{"mount sda sda"},
			wantLog:    []string{"automount: sda (no label) mounted at MEDIA/sda (ext4, read-write)"},
			wantLoaded: []string{"ext4"},
		},
		{
			name:  "the coldplug and the kernel both tell: mounted once",
			heads: map[string][]byte{"sda1": fatHead("STICK")}, partitioned: true,
			events:     []mdev.Event{add(usbDisk, "sda1", "partition"), add(usbDisk, "sda1", "partition")},
			want:       map[string]string{"STICK": "sda1 vfat ro"},
			wantCalls:  []string{"mount sda1 STICK"},
			wantLog:    []string{"automount: sda1 (STICK) mounted at MEDIA/STICK (vfat, read-only)"},
			wantLoaded: []string{"vfat", "nls_cp437", "nls_ascii"},
		},
		{
			name:  "two sticks with one label",
			heads: map[string][]byte{"sda1": fatHead("STICK"), "sdb1": fatHead("STICK")}, partitioned: true,
			events: []mdev.Event{add(usbDisk, "sda1", "partition"),
				add(strings.Replace(usbDisk, "block/sda", "block/sdb", 1), "sdb1", "partition")},
			want:      map[string]string{"STICK": "sda1 vfat ro", "STICK-2": "sdb1 vfat ro"},
			wantCalls: []string{"mount sda1 STICK", "mount sdb1 STICK-2"},
			wantLog: []string{"automount: sda1 (STICK) mounted at MEDIA/STICK (vfat, read-only)",
				"automount: sdb1 (STICK) mounted at MEDIA/STICK-2 (vfat, read-only)"},
			wantLoaded: []string{"vfat", "nls_cp437", "nls_ascii", "vfat", "nls_cp437", "nls_ascii"},
		},
		{
			name:  "a directory already there",
			heads: map[string][]byte{"sda1": fatHead("STICK")}, partitioned: true, existing: []string{"STICK"},
			events:     []mdev.Event{add(usbDisk, "sda1", "partition")},
			want:       map[string]string{"STICK-2": "sda1 vfat ro"},
			wantCalls:  []string{"mount sda1 STICK-2"},
			wantLog:    []string{"automount: sda1 (STICK) mounted at MEDIA/STICK-2 (vfat, read-only)"},
			wantLoaded: []string{"vfat", "nls_cp437", "nls_ascii"},
		},
		{
			name:  "no file system it knows",
			heads: map[string][]byte{"sda1": make([]byte, HeadSize)}, partitioned: true,
			events:  []mdev.Event{add(usbDisk, "sda1", "partition"), remove(usbDisk, "sda1", "partition")},
			want:    map[string]string{},
			wantLog: []string{"automount: sda1: no FAT or ext2/3/4 file system: not mounted"},
		},
		{
			name:  "not USB, skipped, not a block device: left alone",
			heads: map[string][]byte{"mmcblk0p1": fatHead("BOOT"), "sda1": fatHead("CARD")}, partitioned: true,
			skip: []string{"sda1"},
			events: []mdev.Event{add(mmcDisk, "mmcblk0p1", "partition"), add(usbDisk, "sda1", "partition"),
				{Action: "add", DevPath: usbDisk, Subsystem: "scsi_disk", DevName: "sda1"}},
			want: map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			media := t.TempDir()
			for _, d := range tt.existing {
				if err := os.Mkdir(filepath.Join(media, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			sys := &fakeOS{heads: tt.heads, partitioned: map[string]bool{usbDisk: tt.partitioned}, mounted: map[string]string{}}
			loader := &fakeLoader{}
			var log []string
			a := &Automounter{Media: media, ReadWrite: tt.readWrite, OS: sys, Modules: loader, Skip: tt.skip,
				Log: func(format string, args ...any) {
					log = append(log, strings.ReplaceAll(fmt.Sprintf(format, args...), media, "MEDIA"))
				}}
			runAll(t, a, tt.events)
			if diff := cmp.Diff(tt.want, sys.mounted); diff != "" {
				t.Errorf("mounted (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantCalls, sys.calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantLog, log); diff != "" {
				t.Errorf("log (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantLoaded, loader.loaded); diff != "" {
				t.Errorf("modules loaded (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(append(dirsOf(tt.want), tt.existing...), listDir(t, media), sortStrings); diff != "" {
				t.Errorf("directories under media (-want +got):\n%s", diff)
			}
		})
	}
}

// runAll notifies events before Run starts, as the coldplug does before
// the boot starts the automounter, and waits until Run handled them.
func runAll(t *testing.T, a *Automounter, events []mdev.Event) {
	t.Helper()
	for _, ev := range events {
		a.Notify(ev)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); a.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for len(a.queue()) > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	for len(a.queue()) > 0 { // Run may have stopped with one in hand
		a.Handle(<-a.queue())
	}
}

func TestMountFailureLeavesNoDirectory(t *testing.T) {
	media := t.TempDir()
	sys := &fakeOS{heads: map[string][]byte{"sda1": fatHead("STICK")}, mounted: map[string]string{},
		mountErr: errors.New("mount /dev/sda1 on x: no such device")}
	var log []string
	a := &Automounter{Media: media, OS: sys, Log: func(format string, args ...any) { log = append(log, fmt.Sprintf(format, args...)) }}
	a.Handle(blockEvent("add", usbDisk, "sda1", "partition"))
	if got := listDir(t, media); len(got) != 0 {
		t.Errorf("directories under media = %q, want none", got)
	}
	if len(log) != 1 || !strings.Contains(log[0], "no such device (is vfat in the kernel or the initramfs?") {
		t.Errorf("log = %q, want the mount's error and what to check", log)
	}
}

var sortStrings = cmpopts.SortSlices(func(a, b string) bool { return a < b })

func dirsOf(m map[string]string) []string {
	out := []string{}
	for d := range m {
		out = append(out, d)
	}
	return out
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
