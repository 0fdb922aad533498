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

	devs, more := driverlessDevices(s.root)
	var got []string
	for _, d := range devs {
		got = append(got, d.String())
	}
	want := []string{
		`USB 0bda:8179 "802.11n NIC" at 1-1:1.0 (modalias usb:v0BDAp8179d0000dc00dsc00dp00icFFiscFFipFFin00)`,
		`SDIO 02d0:a9a6 at mmc1:0001:1 (modalias sdio:c07v02D0dA9A6)`,
		`PCI 1b36:000d at 0000:00:01.0 (modalias pci:v00001B36d0000000Dsv00001AF4sd00001100bc0Csc03i30)`,
	}
	if !slices.Equal(got, want) || more != 0 {
		t.Errorf("driverlessDevices =\n%q, %d more\nwant\n%q, none more", got, more, want)
	}
}

func TestDriverlessDevicesBounded(t *testing.T) {
	s := newFakeSys(t)
	for i := range maxDriverless + 2 {
		s.device("usb", fmt.Sprintf("usb1/1-%d/1-%d:1.0", i+1, i+1),
			map[string]string{"modalias": fmt.Sprintf("usb:v1234p%04Xd0100dc00dsc00dp00icFFiscFFipFFin00", i)}, false)
	}
	devs, more := driverlessDevices(s.root)
	if len(devs) != maxDriverless || more != 2 {
		t.Errorf("driverlessDevices = %d devices and %d more, want %d and 2 more", len(devs), more, maxDriverless)
	}
}

func TestDriverlessDevicesNoSys(t *testing.T) {
	if devs, more := driverlessDevices(filepath.Join(t.TempDir(), "missing")); devs != nil || more != 0 {
		t.Errorf("driverlessDevices without a sysfs = %v, %d more; want none", devs, more)
	}
}

// TestDescribeDriverless: what the modules tree and the loaded modules say
// of each device, from the module missing to its firmware.
func TestDescribeDriverless(t *testing.T) {
	dongle := driverless{id: "USB 0bda:8179", product: "802.11n NIC", name: "1-1:1.0", modalias: "usb:v0BDAp8179"}
	radio := driverless{id: "SDIO 02d0:a9a6", name: "mmc1:0001:1", modalias: "sdio:c00v02D0dA9A6"}
	ctrl := driverless{id: "PCI 1b36:000d", name: "0000:00:01.0", modalias: "pci:v00001B36d0000000D"}
	claims := map[string][]string{"sdio:c00v02D0dA9A6": {"brcmfmac"}, "pci:v00001B36d0000000D": {"xhci_pci"}}
	lookup := moduleLookup{
		claims: func(alias string) ([]string, error) { return claims[alias], nil },
		loaded: func() ([]string, error) { return []string{"brcmfmac", "cfg80211"}, nil },
	}
	got := lookup.describe([]driverless{dongle, radio, ctrl}, 3)
	want := []string{
		`USB 0bda:8179 "802.11n NIC" at 1-1:1.0 (modalias usb:v0BDAp8179): no module in the initramfs claims it`,
		`SDIO 02d0:a9a6 at mmc1:0001:1 (modalias sdio:c00v02D0dA9A6): brcmfmac is loaded and let it go (its firmware? the kernel's log says)`,
		`PCI 1b36:000d at 0000:00:01.0 (modalias pci:v00001B36d0000000D): xhci_pci in the initramfs claims it but is not loaded (mdev's lines above say why)`,
		"3 more",
	}
	if !slices.Equal(got, want) {
		t.Errorf("describe =\n%q\nwant\n%q", got, want)
	}

	// No modules tree (after the switch, or none in the initramfs): the
	// devices alone; no /proc/modules: who claims each, not whether loaded.
	noTree := moduleLookup{
		claims: func(string) ([]string, error) { return nil, os.ErrNotExist },
		loaded: func() ([]string, error) { return nil, os.ErrNotExist },
	}
	if got := noTree.describe([]driverless{dongle}, 0); !slices.Equal(got, []string{dongle.String()}) {
		t.Errorf("describe without a modules tree = %q, want the device alone", got)
	}
	noProc := moduleLookup{claims: lookup.claims, loaded: noTree.loaded}
	wantClaim := ctrl.String() + ": xhci_pci in the initramfs claims it"
	if got := noProc.describe([]driverless{ctrl}, 0); !slices.Equal(got, []string{wantClaim}) {
		t.Errorf("describe without /proc/modules = %q, want %q", got, wantClaim)
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
