package wifi

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// fakeSys builds a sysfs tree under a temporary folder: devices in
// devices/ (with their attribute files) and each bus's list of links to
// them, as the kernel lays them out.
type fakeSys struct {
	t    *testing.T
	root string
}

func newFakeSys(t *testing.T) *fakeSys { return &fakeSys{t, t.TempDir()} }

// device makes the device folder at path (under devices/) with attrs, and
// its link in bus's list; with driver, a driver link too.
func (s *fakeSys) device(bus, path string, attrs map[string]string, driver bool) {
	s.t.Helper()
	dir := filepath.Join(s.root, "devices", path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		s.t.Fatal(err)
	}
	for name, value := range attrs {
		s.write(filepath.Join(dir, name), value)
	}
	if driver {
		if err := os.Symlink("../../../bus/"+bus+"/drivers/some", filepath.Join(dir, "driver")); err != nil {
			s.t.Fatal(err)
		}
	}
	list := filepath.Join(s.root, "bus", bus, "devices")
	if err := os.MkdirAll(list, 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(list, filepath.Base(path))); err != nil {
		s.t.Fatal(err)
	}
}

func (s *fakeSys) write(name, value string) {
	s.t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(value+"\n"), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func TestDriverlessDevices(t *testing.T) {
	s := newFakeSys(t)
	usb := "platform/soc/20980000.usb/usb1"
	s.write(filepath.Join(s.root, "devices", usb, "1-1", "product"), "802.11n NIC")
	// The dongle's interface: no driver. Its device (1-1) and the root hub
	// have no modalias; the hub's interface has its driver.
	s.device("usb", usb+"/1-1/1-1:1.0", map[string]string{"modalias": "usb:v0BDAp8179d0000dc00dsc00dp00icFFiscFFipFFin00"}, false)
	s.device("usb", usb+"/1-1", map[string]string{"idVendor": "0bda"}, false)
	s.device("usb", usb+"/1-0:1.0", map[string]string{"modalias": "usb:v1D6Bp0002d0601dc09dsc00dp01ic09isc00ip00in00"}, true)
	// A Pi Zero W's radio without brcmfmac: two functions, one device.
	mmc := "platform/soc/20300000.mmc/mmc_host/mmc1/mmc1:0001"
	s.device("sdio", mmc+"/mmc1:0001:1", map[string]string{"modalias": "sdio:c07v02D0dA9A6"}, false)
	s.device("sdio", mmc+"/mmc1:0001:2", map[string]string{"modalias": "sdio:c07v02D0dA9A6"}, false)
	// Empty modalias: nothing to look up.
	s.device("sdio", mmc+"/mmc1:0001:3", map[string]string{"modalias": ""}, false)
	// A PCI host bridge never has a driver; a USB controller without one may
	// be what keeps a dongle from appearing.
	s.device("pci", "platform/4010000000.pcie/pci0000:00/0000:00:00.0",
		map[string]string{"modalias": "pci:v00001B36d00000008sv00001AF4sd00001100bc06sc00i00"}, false)
	s.device("pci", "platform/4010000000.pcie/pci0000:00/0000:00:01.0",
		map[string]string{"modalias": "pci:v00001B36d0000000Dsv00001AF4sd00001100bc0Csc03i30"}, false)
	// A hub's interface without its driver is no radio.
	s.device("usb", usb+"/1-2/1-2:1.0", map[string]string{"modalias": "usb:v05E3p0608d6060dc09dsc00dp01ic09isc00ip00in00"}, false)

	got := driverlessDevices(s.root)
	want := []string{
		`USB 0bda:8179 "802.11n NIC" at 1-1:1.0 (modalias usb:v0BDAp8179d0000dc00dsc00dp00icFFiscFFipFFin00)`,
		`SDIO 02d0:a9a6 at mmc1:0001:1 (modalias sdio:c07v02D0dA9A6)`,
		`PCI 1b36:000d at 0000:00:01.0 (modalias pci:v00001B36d0000000Dsv00001AF4sd00001100bc0Csc03i30)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("driverlessDevices =\n%q\nwant\n%q", got, want)
	}
}

func TestDriverlessDevicesBounded(t *testing.T) {
	s := newFakeSys(t)
	for i := range maxDriverless + 2 {
		s.device("usb", fmt.Sprintf("usb1/1-%d/1-%d:1.0", i+1, i+1),
			map[string]string{"modalias": fmt.Sprintf("usb:v1234p%04Xd0100dc00dsc00dp00icFFiscFFipFFin00", i)}, false)
	}
	got := driverlessDevices(s.root)
	if len(got) != maxDriverless+1 || got[maxDriverless] != "2 more" {
		t.Errorf("driverlessDevices = %q, want %d devices and \"2 more\"", got, maxDriverless)
	}
}

func TestDriverlessDevicesNoSys(t *testing.T) {
	if got := driverlessDevices(filepath.Join(t.TempDir(), "missing")); got != nil {
		t.Errorf("driverlessDevices without a sysfs = %q, want none", got)
	}
}

func TestAliasID(t *testing.T) {
	tests := []struct{ alias, want string }{
		{"usb:v0BDAp8179d0000dc00dsc00dp00icFFiscFFipFFin00", "0bda:8179"},
		{"sdio:c07v02D0dA9A6", "02d0:a9a6"},
		{"pci:v000014E4d000043A0sv00001028sd00000019bc02sc80i00", "14e4:43a0"},
		{"usb:v0BDA", "usb:v0BDA"}, // cut short: the alias itself
		{"of:NwifiT(null)Cbrcm,bcm4329-fmac", "of:NwifiT(null)Cbrcm,bcm4329-fmac"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := aliasID(tt.alias); got != tt.want {
			t.Errorf("aliasID(%q) = %q, want %q", tt.alias, got, tt.want)
		}
	}
}

func FuzzAliasID(f *testing.F) {
	for _, s := range []string{"usb:v0BDAp8179d0000dc00", "sdio:c07v02D0dA9A6", "pci:v000014E4d000043A0sv", "pci:v1d2", "usb:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, alias string) {
		id := aliasID(alias)
		if id == "" && alias != "" {
			t.Errorf("aliasID(%q) is empty", alias)
		}
	})
}
