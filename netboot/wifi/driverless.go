package wifi

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/airroot/airroot/modload"
)

// A radio whose driver the initramfs lacks is still a device: one with a
// modalias and no driver, on the bus it sits on (USB for a dongle, SDIO for
// the Pi Zero W's and Pi 3's own radio, PCI elsewhere). Naming it, and
// whether a module of the initramfs claims it, turns "no wireless
// interface" into what to add: the module, or its firmware.

// radioBuses are the buses a Wi-Fi radio sits on, and how a person calls them.
var radioBuses = []struct{ bus, label string }{{"usb", "USB"}, {"sdio", "SDIO"}, {"pci", "PCI"}}

// maxDriverless bounds the devices an error names.
const maxDriverless = 4

// driverless is a device without a driver that could be, or lead to, a radio.
type driverless struct {
	id       string // `USB 0bda:8179`
	product  string // a USB device's product string, or ""
	name     string // its sysfs name: 1-1:1.0
	modalias string
}

func (d driverless) String() string {
	s := d.id
	if d.product != "" {
		s += fmt.Sprintf(" %q", d.product)
	}
	return fmt.Sprintf("%s at %s (modalias %s)", s, d.name, d.modalias)
}

// driverlessDevices lists the devices under sys (/sys) on radioBuses that
// have a modalias and no driver, each vendor and product once, and how
// many more there were than maxDriverless.
func driverlessDevices(sys string) (devs []driverless, more int) {
	seen := make(map[string]bool)
	for _, b := range radioBuses {
		dir := filepath.Join(sys, "bus", b.bus, "devices")
		entries, err := os.ReadDir(dir) // a bus the kernel lacks: none
		if err != nil {
			continue
		}
		for _, e := range entries {
			dev := filepath.Join(dir, e.Name())
			alias, ok := driverlessAlias(dev)
			if !ok {
				continue
			}
			d := driverless{id: b.label + " " + aliasID(alias), name: e.Name(), modalias: alias}
			if seen[d.id] {
				continue
			}
			seen[d.id] = true
			if len(devs) == maxDriverless {
				more++
				continue
			}
			if b.bus == "usb" {
				d.product = usbProduct(dev)
			}
			devs = append(devs, d)
		}
	}
	return devs, more
}

// driverlessHere describes this system's driverless devices, with the
// modules tree of the running kernel (the initramfs's, at boot).
func driverlessHere() []string {
	devs, more := driverlessDevices("/sys")
	if len(devs) == 0 {
		return nil
	}
	l := &modload.Loader{}
	return moduleLookup{claims: l.ModaliasModules, loaded: modload.LoadedModules}.describe(devs, more)
}

// moduleLookup says which modules of the initramfs claim a modalias and
// which modules are loaded; either may fail (no modules tree, no /proc).
type moduleLookup struct {
	claims func(modalias string) ([]string, error)
	loaded func() ([]string, error)
}

// describe names devs for the error, each with what the modules say of it:
//
//	USB 0bda:8179 "802.11n NIC" at 1-1:1.0 (modalias usb:v0BDAp8179...): no module in the initramfs claims it
func (m moduleLookup) describe(devs []driverless, more int) []string {
	loaded, loadedErr := m.loaded()
	out := make([]string, 0, len(devs)+1)
	for _, d := range devs {
		s := d.String()
		if mods, err := m.claims(d.modalias); err == nil {
			s += ": " + claimText(mods, loaded, loadedErr == nil)
		}
		out = append(out, s)
	}
	if more > 0 {
		out = append(out, fmt.Sprintf("%d more", more))
	}
	return out
}

// claimText says what the modules claiming a driverless device tell: none
// (the module is missing), one loaded that let the device go (its firmware,
// most often), or one not loaded (mdev's lines say why).
func claimText(mods, loaded []string, knowLoaded bool) string {
	if len(mods) == 0 {
		return "no module in the initramfs claims it"
	}
	names := strings.Join(mods, ", ")
	if !knowLoaded {
		return names + " in the initramfs claims it"
	}
	for _, m := range mods {
		if slices.Contains(loaded, m) {
			return m + " is loaded and let it go (its firmware? the kernel's log says)"
		}
	}
	return names + " in the initramfs claims it but is not loaded (mdev's lines above say why)"
}

// driverlessAlias returns the modalias of the device at dev when it has
// one, no driver is bound to it and it could lead to a radio.
func driverlessAlias(dev string) (string, bool) {
	if _, err := os.Lstat(filepath.Join(dev, "driver")); err == nil {
		return "", false
	}
	b, err := os.ReadFile(filepath.Join(dev, "modalias"))
	alias := strings.TrimSpace(string(b))
	return alias, err == nil && alias != "" && !neverBound(alias)
}

// neverBound reports whether a modalias is of a kind no driver takes
// (a PCI host bridge: class 06, subclass 00), or one that is no radio
// and stays without a driver harmlessly (a USB hub's interface, class 09,
// whose hub driver is usbcore's own).
func neverBound(alias string) bool {
	bus, rest, _ := strings.Cut(alias, ":")
	switch bus {
	case "pci":
		return strings.Contains(rest, "bc06sc00")
	case "usb":
		return strings.Contains(rest, "ic09")
	}
	return false
}

// aliasID is the vendor:product a modalias names, in lower case as lsusb
// and lspci print them, or the modalias itself when it is of no form known
// here: usb:vVVVVpPPPP..., sdio:cCCvVVVVdDDDD, pci:v0000VVVVd0000DDDD...
func aliasID(alias string) string {
	bus, rest, _ := strings.Cut(alias, ":")
	var vendor, product string
	switch bus {
	case "usb":
		vendor, product = field(rest, "v", 4), field(rest, "p", 4)
	case "sdio":
		vendor, product = field(rest, "v", 4), field(rest, "d", 4)
	case "pci":
		vendor, product = field(rest, "v", 8), field(rest, "d", 8)
		if len(vendor) == 8 && len(product) == 8 {
			vendor, product = vendor[4:], product[4:]
		}
	}
	if vendor == "" || product == "" {
		return alias
	}
	return strings.ToLower(vendor + ":" + product)
}

// field returns the n characters after the first key in s, "" when s has
// no such key or too little after it.
func field(s, key string, n int) string {
	i := strings.Index(s, key)
	if i < 0 || len(s) < i+len(key)+n {
		return ""
	}
	return s[i+len(key) : i+len(key)+n]
}

// usbProduct is the product string of the USB device an interface (dev)
// belongs to, or "". dev/.. is the device's folder as the kernel resolves
// it, through the bus's link.
func usbProduct(dev string) string {
	b, err := os.ReadFile(dev + "/../product")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
