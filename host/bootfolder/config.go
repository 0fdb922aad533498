package bootfolder

import (
	"fmt"
	"strings"
)

// Config is what config.txt tells the Pi's firmware.
type Config struct {
	Kernel    string // kernel= file name
	Initramfs string // initramfs file name, loaded after the kernel
	// UpstreamDeviceTrees writes upstream_kernel=1: the device trees have
	// mainline Linux's names (bcm2837-rpi-3-b.dtb, not the Pi kernel's
	// bcm2710-rpi-3-b.dtb), as in Debian's packages.
	UpstreamDeviceTrees bool
	// SerialConsole writes enable_uart=1: on boards whose GPIO UART is the
	// mini UART (Pi 3, Zero W, Zero 2 W) it is off otherwise.
	SerialConsole bool
	// Arm64 writes arm_64bit=1: the firmware starts the CPU in 64-bit mode
	// for an arm64 kernel.
	Arm64 bool
}

// configHeader is config.txt's first line: by it a later build knows the
// folder's config.txt and cmdline.txt for its own (CheckReplaceable).
const configHeader = "# Written by airroot build.\n"

// Text returns config.txt: only the lines the boot needs, each after a
// comment that says why.
func (c Config) Text() (string, error) {
	for what, name := range map[string]string{"kernel": c.Kernel, "initramfs": c.Initramfs} {
		if !isPlainName(name) {
			return "", fmt.Errorf("config.txt: %s file name %q: want a plain file name", what, name)
		}
	}
	var b strings.Builder
	b.WriteString(configHeader)
	fmt.Fprintf(&b, "kernel=%s\n", c.Kernel)
	b.WriteString("# followkernel: load the initramfs right after the kernel in memory.\n")
	fmt.Fprintf(&b, "initramfs %s followkernel\n", c.Initramfs)
	if c.UpstreamDeviceTrees {
		b.WriteString("# The device trees have mainline Linux's names (bcm2835-rpi-zero-w.dtb).\n")
		b.WriteString("upstream_kernel=1\n")
	}
	if c.SerialConsole {
		b.WriteString("# The serial console on GPIO 14/15 (console=serial0 in cmdline.txt).\n")
		b.WriteString("enable_uart=1\n")
	}
	if c.Arm64 {
		b.WriteString("# An arm64 kernel: start the CPU in 64-bit mode.\n")
		b.WriteString("arm_64bit=1\n")
	}
	return b.String(), nil
}

// HasSerialConsole reports whether consoles (console= values) name a
// serial port: serial0/1, ttyS*, ttyAMA*.
func HasSerialConsole(consoles []string) bool {
	for _, c := range consoles {
		dev, _, _ := strings.Cut(c, ",")
		for _, prefix := range []string{"serial", "ttyS", "ttyAMA"} {
			if strings.HasPrefix(dev, prefix) {
				return true
			}
		}
	}
	return false
}

// Loaded lists the files config.txt, as airroot writes it, has the firmware
// load: the kernel= file and the initramfs; nothing from another config.txt
// (no header) nor a name that is not a plain file name.
func Loaded(config string) []string {
	if !strings.HasPrefix(config, configHeader) {
		return nil
	}
	var names []string
	for _, line := range strings.Split(config, "\n") {
		var name string
		if v, ok := strings.CutPrefix(line, "kernel="); ok {
			name = v
		} else if f := strings.Fields(line); len(f) >= 2 && f[0] == "initramfs" {
			name = f[1]
		}
		if isPlainName(name) {
			names = append(names, name)
		}
	}
	return names
}

// isPlainName reports whether name names a file in the folder itself:
// no separator, no white space or control character, not . or ..
func isPlainName(name string) bool {
	return name != "" && name != "." && name != ".." &&
		!strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '/' || r == '\\' })
}
