package mdev

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// fakeFirmwareDevice makes /sys$devpath/{loading,data} as the kernel's
// firmware class does, loading a FIFO so every write to it can be seen in
// order. It returns a channel that yields, once "0" or "-1" is written,
// the values written to loading and what data held then, and removes the
// device as the kernel does. The FIFO is held open for reading and writing
// from the start, so the daemon's opens never wait for a reader and its
// writes never meet a reader that is just closing (EPIPE). (Two writes can
// arrive in one read of the FIFO: the values are split again, "1", "0" and
// "-1" being unambiguous.)
func fakeFirmwareDevice(t *testing.T, sys, devpath string) <-chan firmwareWrites {
	t.Helper()
	dir := filepath.Join(sys, devpath)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	loading := filepath.Join(dir, "loading")
	if err := unix.Mkfifo(loading, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	fifo, err := os.OpenFile(loading, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fifo.Close() })
	done := make(chan firmwareWrites, 1)
	go func() {
		var w firmwareWrites
		defer func() { done <- w }()
		var stream string
		buf := make([]byte, 64)
		for {
			n, err := fifo.Read(buf)
			if err != nil {
				return
			}
			stream += string(buf[:n])
			w.Loading = splitLoading(stream)
			if last := w.Loading[len(w.Loading)-1]; last == "0" || last == "-1" {
				data, _ := os.ReadFile(filepath.Join(dir, "data"))
				w.Data = string(data)
				os.RemoveAll(dir) // the kernel removes the request's device
				return
			}
		}
	}()
	return done
}

// splitLoading splits "10" into "1", "0", and "1-1" into "1", "-1".
func splitLoading(s string) []string {
	var values []string
	for len(s) > 0 {
		n := 1
		if s[0] == '-' && len(s) > 1 {
			n = 2
		}
		values = append(values, s[:n])
		s = s[n:]
	}
	return values
}

type firmwareWrites struct {
	Loading []string
	Data    string
}

func waitWrites(t *testing.T, ch <-chan firmwareWrites) firmwareWrites {
	t.Helper()
	select {
	case w := <-ch:
		return w
	case <-time.After(10 * time.Second):
		t.Fatal("the firmware device was never told 0 or -1")
		return firmwareWrites{}
	}
}

const fwDevpath = "/devices/platform/soc/20300000.mmc/mmc_host/mmc1/mmc1:0001/mmc1:0001:1/firmware/brcm!brcmfmac43430-sdio.bin"

func firmwareEvent(t *testing.T, name string) Event {
	return event(t, "DEVPATH="+fwDevpath, "SUBSYSTEM=firmware", "FIRMWARE="+name, "TIMEOUT=60")
}

func TestDaemonLoadsFirmware(t *testing.T) {
	h := newHarness(t)
	updates := t.TempDir()
	h.d.Firmware = append([]string{updates}, h.d.Firmware...)
	blob := "\x7fbrcmfmac firmware bytes"
	if err := os.MkdirAll(filepath.Join(h.d.Firmware[1], "brcm"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.d.Firmware[1], "brcm/brcmfmac43430-sdio.bin"), []byte(blob), 0o644); err != nil {
		t.Fatal(err)
	}
	writes := fakeFirmwareDevice(t, h.d.Sys, fwDevpath)
	h.start(t)
	h.send(firmwareEvent(t, "brcm/brcmfmac43430-sdio.bin"))
	got := waitWrites(t, writes)
	want := firmwareWrites{Loading: []string{"1", "0"}, Data: blob}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("firmware protocol (-want +got):\n%s", diff)
	}
	h.settle(t)
	h.log.find(t, "mdev: firmware brcm/brcmfmac43430-sdio.bin for /devices/platform/soc/20300000.mmc/mmc_host/mmc1/mmc1:0001/mmc1:0001:1 (24 bytes from "+
		filepath.Join(h.d.Firmware[1], "brcm/brcmfmac43430-sdio.bin")+")")
}

// TestDaemonFirmwareNotGiven: a file that is missing, empty or outside the
// firmware folders is refused, and the kernel told so.
func TestDaemonFirmwareNotGiven(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		empty    bool // the file is in the first folder, empty
		wantLoad []string
		wantLog  func(h *harness) string
	}{
		{
			name: "missing", file: "brcm/brcmfmac43430-sdio.raspberrypi,model-zero-w.txt", wantLoad: []string{"-1"},
			wantLog: func(h *harness) string {
				return "mdev: firmware brcm/brcmfmac43430-sdio.raspberrypi,model-zero-w.txt for /devices/platform/soc/20300000.mmc/mmc_host/mmc1/mmc1:0001/mmc1:0001:1: not in " +
					h.d.Firmware[0] + ": file does not exist; told the kernel it is missing"
			},
		},
		{
			name: "empty", file: "empty.bin", empty: true, wantLoad: []string{"1", "-1"},
			wantLog: func(*harness) string { return "the file is empty; told the kernel it is missing" },
		},
		{
			name: "escapes", file: "../../etc/shadow", wantLoad: []string{"-1"},
			wantLog: func(*harness) string { return `firmware name "../../etc/shadow" is not a relative path` },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			if tt.empty {
				if err := os.WriteFile(filepath.Join(h.d.Firmware[0], tt.file), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			writes := fakeFirmwareDevice(t, h.d.Sys, fwDevpath)
			h.start(t)
			h.send(firmwareEvent(t, tt.file))
			got := waitWrites(t, writes)
			if diff := cmp.Diff(firmwareWrites{Loading: tt.wantLoad}, got); diff != "" {
				t.Errorf("firmware protocol for %s (-want +got):\n%s", tt.file, diff)
			}
			h.settle(t)
			h.log.find(t, tt.wantLog(h))
		})
	}
}

func TestDaemonFirmwareLoadingMissing(t *testing.T) {
	h := newHarness(t)
	h.d.FirmwareWait = 30 * time.Millisecond
	if err := os.MkdirAll(filepath.Join(h.d.Sys, fwDevpath), 0o755); err != nil {
		t.Fatal(err)
	}
	h.start(t)
	h.send(firmwareEvent(t, "brcm/x.bin"))
	h.settle(t)
	h.log.find(t, "loading did not appear within 30ms")
}

func TestDaemonFirmwareRequestGone(t *testing.T) {
	h := newHarness(t)
	h.d.FirmwareWait = time.Hour // would hold Settle if the daemon waited
	h.start(t)
	h.send(firmwareEvent(t, "brcm/x.bin"))
	h.settle(t)
	h.log.find(t, "mdev: firmware brcm/x.bin for /devices/platform/soc/20300000.mmc/mmc_host/mmc1/mmc1:0001/mmc1:0001:1: the request is gone")
}

func TestDaemonFirmwareAnsweredOnce(t *testing.T) {
	h := newHarness(t)
	if err := os.WriteFile(filepath.Join(h.d.Firmware[0], "a.bin"), []byte("A"), 0o644); err != nil {
		t.Fatal(err)
	}
	writes := fakeFirmwareDevice(t, h.d.Sys, fwDevpath)
	h.start(t)
	ev := firmwareEvent(t, "a.bin")
	h.send(ev, ev) // the kernel's event, and the same request announced by the coldplug
	got := waitWrites(t, writes)
	h.settle(t)
	if diff := cmp.Diff(firmwareWrites{Loading: []string{"1", "0"}, Data: "A"}, got); diff != "" {
		t.Errorf("firmware protocol (-want +got):\n%s", diff)
	}
}
