package wifi

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A radio whose driver the initramfs lacks is still a device: one with a
// modalias and no driver, on the bus it sits on (USB for a dongle, SDIO for
// the Pi Zero W's and Pi 3's own radio, PCI elsewhere). Naming it turns "no
// wireless interface" into which device wants a module, and the modalias
// to look that module up by in the kernel's modules.alias.

// radioBuses are the buses a Wi-Fi radio sits on, and how a person calls them.
var radioBuses = []struct{ bus, label string }{{"usb", "USB"}, {"sdio", "SDIO"}, {"pci", "PCI"}}

// maxDriverless bounds the devices an error names.
const maxDriverless = 4

// driverlessDevices names the devices under sys (/sys) on radioBuses that
// have a modalias and no driver, each vendor and product once, at most
// maxDriverless and then how many more:
//
//	USB 0bda:8179 "802.11n NIC" at 1-1:1.0 (modalias usb:v0BDAp8179d0000dc00dsc00dp00icFFiscFFipFFin00)
func driverlessDevices(sys string) []string {
	var found []string
	seen := make(map[string]bool)
	more := 0
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
			id := b.label + " " + aliasID(alias)
			if seen[id] {
				continue
			}
			seen[id] = true
			if len(found) == maxDriverless {
				more++
				continue
			}
			name := ""
			if b.bus == "usb" {
				name = usbProduct(dev)
			}
			found = append(found, fmt.Sprintf("%s%s at %s (modalias %s)", id, name, e.Name(), alias))
		}
	}
	if more > 0 {
		found = append(found, fmt.Sprintf("%d more", more))
	}
	return found
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

// usbProduct is ` "NAME"` from the product string of the USB device an
// interface (dev) belongs to, or "" without one. dev/.. is the device's
// folder as the kernel resolves it, through the bus's link.
func usbProduct(dev string) string {
	b, err := os.ReadFile(dev + "/../product")
	name := strings.TrimSpace(string(b))
	if err != nil || name == "" {
		return ""
	}
	return fmt.Sprintf(" %q", name)
}
