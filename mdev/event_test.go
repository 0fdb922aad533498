package mdev

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// msg joins fields with NULs as the kernel does, with a trailing NUL.
func msg(fields ...string) []byte { return []byte(strings.Join(fields, "\x00") + "\x00") }

func TestParseMessage(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		want    Event
		wantErr string
		is      error
	}{
		{
			name: "virtio net device",
			in: msg("add@/devices/pci0000:00/0000:00:03.0/virtio0", "ACTION=add",
				"DEVPATH=/devices/pci0000:00/0000:00:03.0/virtio0", "SUBSYSTEM=virtio",
				"MODALIAS=virtio:d00000001v00001AF4", "SEQNUM=1234"),
			want: Event{
				Action: "add", DevPath: "/devices/pci0000:00/0000:00:03.0/virtio0", Subsystem: "virtio",
				Modalias: "virtio:d00000001v00001AF4", Seqnum: 1234,
				Env: map[string]string{
					"ACTION": "add", "DEVPATH": "/devices/pci0000:00/0000:00:03.0/virtio0", "SUBSYSTEM": "virtio",
					"MODALIAS": "virtio:d00000001v00001AF4", "SEQNUM": "1234",
				},
			},
		},
		{
			name: "block device with a node",
			in: msg("add@/devices/platform/soc/3f202000.mmc/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0/mmcblk0p1",
				"ACTION=add", "DEVPATH=/devices/platform/soc/3f202000.mmc/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0/mmcblk0p1",
				"SUBSYSTEM=block", "MAJOR=179", "MINOR=1", "DEVNAME=mmcblk0p1", "DEVTYPE=partition", "PARTN=1", "SEQNUM=7"),
			want: Event{
				Action: "add", DevPath: "/devices/platform/soc/3f202000.mmc/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0/mmcblk0p1",
				Subsystem: "block", DevName: "mmcblk0p1", Major: 179, Minor: 1, Seqnum: 7,
				Env: map[string]string{
					"ACTION": "add", "DEVPATH": "/devices/platform/soc/3f202000.mmc/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0/mmcblk0p1",
					"SUBSYSTEM": "block", "MAJOR": "179", "MINOR": "1", "DEVNAME": "mmcblk0p1", "DEVTYPE": "partition",
					"PARTN": "1", "SEQNUM": "7",
				},
			},
		},
		{
			name: "firmware request",
			in: msg("add@/devices/platform/soc/20300000.mmc/mmc_host/mmc1/mmc1:0001/mmc1:0001:1/firmware/brcm!brcmfmac43430-sdio.bin",
				"ACTION=add", "SUBSYSTEM=firmware", "FIRMWARE=brcm/brcmfmac43430-sdio.bin", "TIMEOUT=60", "ASYNC=0"),
			want: Event{
				Action: "add", DevPath: "/devices/platform/soc/20300000.mmc/mmc_host/mmc1/mmc1:0001/mmc1:0001:1/firmware/brcm!brcmfmac43430-sdio.bin",
				Subsystem: "firmware", Firmware: "brcm/brcmfmac43430-sdio.bin",
				Env: map[string]string{
					"ACTION": "add", "DEVPATH": "/devices/platform/soc/20300000.mmc/mmc_host/mmc1/mmc1:0001/mmc1:0001:1/firmware/brcm!brcmfmac43430-sdio.bin",
					"SUBSYSTEM": "firmware", "FIRMWARE": "brcm/brcmfmac43430-sdio.bin", "TIMEOUT": "60", "ASYNC": "0",
				},
			},
		},
		{
			name: "header only: ACTION and DEVPATH from the header",
			in:   []byte("remove@/devices/virtual/net/tap0"),
			want: Event{Action: "remove", DevPath: "/devices/virtual/net/tap0",
				Env: map[string]string{"ACTION": "remove", "DEVPATH": "/devices/virtual/net/tap0"}},
		},
		{
			name: "value with '=' and empty fields",
			in:   []byte("change@/devices/x\x00\x00ACTION=change\x00X=a=b\x00\x00"),
			want: Event{Action: "change", DevPath: "/devices/x",
				Env: map[string]string{"ACTION": "change", "DEVPATH": "/devices/x", "X": "a=b"}},
		},
		{name: "libudev message", in: []byte("libudev\x00\xfe\xed\xca\xfe"), is: ErrLibudev, wantErr: "libudev"},
		{name: "no @", in: msg("add/devices/x"), wantErr: `header "add/devices/x" is not ACTION@/DEVPATH`},
		{name: "empty action", in: msg("@/devices/x"), wantErr: "is not ACTION@/DEVPATH"},
		{name: "relative devpath", in: msg("add@devices/x"), wantErr: "is not ACTION@/DEVPATH"},
		{name: "empty message", in: nil, wantErr: "is not ACTION@/DEVPATH"},
		{name: "field without =", in: msg("add@/devices/x", "ACTION=add", "BOGUS"), wantErr: `parse uevent add@/devices/x: field "BOGUS" is not KEY=VALUE`},
		{name: "empty key", in: msg("add@/devices/x", "=1"), wantErr: "is not KEY=VALUE"},
		{name: "action disagrees", in: msg("add@/devices/x", "ACTION=remove"), wantErr: `ACTION=remove disagrees with the header's "add"`},
		{name: "devpath disagrees", in: msg("add@/devices/x", "DEVPATH=/devices/y"), wantErr: `DEVPATH=/devices/y disagrees`},
		{name: "major without minor", in: msg("add@/devices/x", "MAJOR=8"), wantErr: "MAJOR and MINOR must come together"},
		{name: "bad major", in: msg("add@/devices/x", "MAJOR=eight", "MINOR=1"), wantErr: "MAJOR=eight is not a device number"},
		{name: "minor too big", in: msg("add@/devices/x", "MAJOR=8", "MINOR=4294967296"), wantErr: "MINOR=4294967296 is not a device number"},
		{name: "bad seqnum", in: msg("add@/devices/x", "SEQNUM=-1"), wantErr: "SEQNUM=-1 is not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMessage(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseMessage() error = %v, want one containing %q", err, tt.wantErr)
				}
				if tt.is != nil && !errors.Is(err, tt.is) {
					t.Errorf("ParseMessage() error = %v, want errors.Is %v", err, tt.is)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseMessage() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseMessage() (-want +got):\n%s", diff)
			}
			again, err := ParseMessage(got.Message())
			if err != nil {
				t.Fatalf("ParseMessage(Message()) error = %v", err)
			}
			if diff := cmp.Diff(got, again); diff != "" {
				t.Errorf("ParseMessage(Message()) (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEventName(t *testing.T) {
	tests := []struct {
		name string
		ev   Event
		want string
	}{
		{name: "devname", ev: Event{DevName: "snd/controlC0", DevPath: "/devices/x/sound/card0/controlC0"}, want: "snd/controlC0"},
		{name: "no node", ev: Event{DevPath: "/devices/virtual/net/eth0"}, want: "eth0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.ev.Name(); got != tt.want {
				t.Errorf("Name() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEventFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
	}{
		{name: "complete", env: map[string]string{"ACTION": "add", "DEVPATH": "/devices/x"}},
		{name: "no action", env: map[string]string{"DEVPATH": "/devices/x"}, wantErr: `want ACTION and DEVPATH=/..., got ACTION="" DEVPATH="/devices/x"`},
		{name: "no devpath", env: map[string]string{"ACTION": "add"}, wantErr: "want ACTION and DEVPATH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := EventFromEnv(tt.env)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("EventFromEnv() error = %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("EventFromEnv() error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseUeventFile(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]string
		wantErr string
	}{
		{
			name: "sound control",
			in:   "MAJOR=116\nMINOR=7\nDEVNAME=snd/controlC0\n",
			want: map[string]string{"MAJOR": "116", "MINOR": "7", "DEVNAME": "snd/controlC0"},
		},
		{
			name: "usb interface, no trailing newline, blank line",
			in:   "DEVTYPE=usb_interface\n\nDRIVER=rtl8192cu\nMODALIAS=usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00",
			want: map[string]string{"DEVTYPE": "usb_interface", "DRIVER": "rtl8192cu",
				"MODALIAS": "usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00"},
		},
		{name: "empty", in: "", want: map[string]string{}},
		{name: "line without =", in: "MAJOR=1\nnonsense\n", wantErr: `line 2: "nonsense" is not KEY=VALUE`},
		{name: "empty key", in: "=x\n", wantErr: "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseUeventFile([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseUeventFile() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseUeventFile() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseUeventFile() (-want +got):\n%s", diff)
			}
		})
	}
}
