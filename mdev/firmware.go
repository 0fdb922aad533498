package mdev

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// errRequestGone says a firmware request was answered or withdrawn before
// its event was handled (a coldplug can announce a request twice).
var errRequestGone = errors.New("the request is gone")

// startFirmware answers a firmware request in its own goroutine: the
// driver asking may be inside a module load the daemon waits for. A request
// already in hand is not answered twice.
func (d *Daemon) startFirmware(ctx context.Context, ev Event) {
	d.fwMu.Lock()
	defer d.fwMu.Unlock()
	if d.fwInHand[ev.DevPath] {
		return
	}
	d.fwInHand[ev.DevPath] = true
	d.track.add(busyFirmware, 1)
	d.wg.Add(1)
	go d.answerFirmware(ctx, ev)
}

func (d *Daemon) answerFirmware(ctx context.Context, ev Event) {
	defer d.wg.Done()
	err := d.loadFirmware(ctx, ev)
	switch {
	case errors.Is(err, errRequestGone):
		d.debugf("mdev: firmware %s for %s: %v", ev.Firmware, requester(ev.DevPath), err)
	case err != nil:
		d.logf("mdev: firmware %s for %s: %v", ev.Firmware, requester(ev.DevPath), err)
	}
	d.fwMu.Lock()
	delete(d.fwInHand, ev.DevPath)
	d.fwMu.Unlock()
	d.track.add(busyFirmware, -1)
}

// loadFirmware follows the kernel's firmware fallback protocol
// (Documentation/driver-api/firmware/fallback-mechanisms.rst): write 1 to
// /sys/$DEVPATH/loading, the file to data, then 0 to loading, or -1 when
// the file is missing or cannot be copied, so the driver stops waiting.
func (d *Daemon) loadFirmware(ctx context.Context, ev Event) error {
	dir, err := d.sysPath(ev.DevPath)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return errRequestGone
	}
	loading := filepath.Join(dir, "loading")
	if err := waitForFile(ctx, loading, d.FirmwareWait); err != nil {
		return err
	}
	f, from, err := d.openFirmware(ev.Firmware)
	if err != nil {
		return cancelFirmware(loading, err)
	}
	defer f.Close()
	n, err := feedFirmware(loading, filepath.Join(dir, "data"), f)
	if err != nil {
		return cancelFirmware(loading, err)
	}
	d.logf("mdev: firmware %s for %s (%d bytes from %s)", ev.Firmware, requester(ev.DevPath), n, from)
	return nil
}

// cancelFirmware tells the kernel no firmware is coming, because of cause.
func cancelFirmware(loading string, cause error) error {
	if err := writeAttr(loading, "-1"); err != nil {
		return fmt.Errorf("%w; and could not tell the kernel: %v", cause, err)
	}
	return fmt.Errorf("%w; told the kernel it is missing", cause)
}

// openFirmware opens name in the first firmware directory that has it.
func (d *Daemon) openFirmware(name string) (*os.File, string, error) {
	if !fs.ValidPath(name) || name == "." {
		return nil, "", fmt.Errorf("firmware name %q is not a relative path", name)
	}
	for _, dir := range d.Firmware {
		p := filepath.Join(dir, filepath.FromSlash(name))
		f, err := os.Open(p)
		if err == nil {
			return f, p, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", err
		}
	}
	return nil, "", fmt.Errorf("not in %s: %w", strings.Join(d.Firmware, " or "), fs.ErrNotExist)
}

// feedFirmware copies the file into data between "1" and "0" in loading.
func feedFirmware(loading, data string, r io.Reader) (int64, error) {
	if err := writeAttr(loading, "1"); err != nil {
		return 0, err
	}
	w, err := os.OpenFile(data, os.O_WRONLY, 0)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(w, r)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("write %s: %w", data, err)
	}
	if n == 0 {
		return 0, errors.New("the file is empty")
	}
	return n, writeAttr(loading, "0")
}

// waitForFile waits for name to exist, at most max.
func waitForFile(ctx context.Context, name string, max time.Duration) error {
	deadline := time.Now().Add(max)
	for {
		_, err := os.Stat(name)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not appear within %v", name, max)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// sysPath is where the object devpath is in sysfs; devpath must stay in it.
func (d *Daemon) sysPath(devpath string) (string, error) {
	rel := strings.TrimPrefix(devpath, "/")
	if !fs.ValidPath(rel) || rel == "." || rel == devpath {
		return "", fmt.Errorf("DEVPATH %q is not a path under %s", devpath, d.Sys)
	}
	return filepath.Join(d.Sys, filepath.FromSlash(rel)), nil
}

// requester is the device that asked for firmware: DEVPATH without its
// trailing /firmware/NAME.
func requester(devpath string) string {
	if i := strings.LastIndex(devpath, "/firmware/"); i > 0 {
		return devpath[:i]
	}
	return devpath
}

// writeAttr writes a sysfs attribute, as `echo value > name` does.
func writeAttr(name, value string) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(value)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
