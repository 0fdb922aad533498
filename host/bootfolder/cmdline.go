// Package bootfolder makes the boot folder of a Raspberry Pi (what goes on the
// SD card's FAT partition beside the Pi's firmware): the kernel, its device
// trees, the initramfs, cmdline.txt and config.txt.
package bootfolder

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/netboot/nfsroot"
)

// Cmdline is the kernel command line written to cmdline.txt.
type Cmdline struct {
	// Consoles are the console= values, in order; nil means
	// DefaultConsoles. The kernel prints to all of them and makes the last
	// one /dev/console, where airroot's PID 1 writes.
	Consoles []string
	// NFSRoot is the nfsroot= value, [server:]/path[,options]; "" leaves the
	// root to the DHCP server's root-path option.
	NFSRoot string
	// IP is the ip= value; "" means "dhcp".
	IP string
	// Extra are more parameters, appended in order; one with white space in
	// its value is quoted (name="a b"), as the kernel reads it.
	Extra []string
	// Appliance leaves the NFS root out (root=, nfsroot=, rw): PID 1 runs
	// the app instead (airroot build --app).
	Appliance bool
	// BootPart adds airroot.bootpart: an NFS root that reads the card's
	// wpa_supplicant.conf.
	BootPart bool
}

// DefaultConsoles are the Pi's serial port and its screen; tty1 comes last
// so that /dev/console, where airroot's messages go, is the screen. The
// Pi's firmware rewrites serial0 to the name the Pi's own kernel gives the
// UART on GPIO 14/15 (ttyAMA0, or ttyS0 for the mini UART). Debian's
// mainline kernels call the mini UART ttyS1 (Debian's raspi-firmware writes
// console=ttyS1,115200 for the Pi 3 and 4), so on a Pi 3, Zero W or Zero 2 W
// with such a kernel the serial console may need console=ttyS1,115200.
var DefaultConsoles = []string{"serial0,115200", "tty1"}

// maxCmdline is COMMAND_LINE_SIZE on 32-bit ARM, less the room the Pi's
// firmware takes for its own parameters.
const maxCmdline = 1024 - 320

// ErrCmdline reports a command line airroot would not boot with.
var ErrCmdline = errors.New("bad kernel command line")

// Text returns the command line, checked with airroot's own parser, as one
// line without a line ending.
//
// It holds only what airroot reads: console=, root=/dev/nfs (an NFS root;
// with no nfsroot= the path comes from DHCP), nfsroot=, ip= and rw (the
// root is mounted read-only otherwise). rdinit=/init is the kernel's
// default and rootwait concerns block devices: neither is written.
func (c Cmdline) Text() (string, error) {
	params, err := c.params()
	if err != nil {
		return "", err
	}
	line := strings.Join(params, " ")
	if err := check(line, c.Appliance); err != nil {
		return "", err
	}
	return line, nil
}

func (c Cmdline) params() ([]string, error) {
	params, err := c.consoleParams()
	if err != nil {
		return nil, err
	}
	if c.Appliance && c.NFSRoot != "" {
		return nil, fmt.Errorf("an appliance has no NFS root: --nfsroot goes without --app: %w", ErrCmdline)
	}
	if !c.Appliance {
		if params, err = c.rootParams(params); err != nil {
			return nil, err
		}
	}
	ip, err := param("ip", c.ipOrDHCP())
	if err != nil {
		return nil, err
	}
	params = append(params, ip)
	if !c.Appliance {
		params = append(params, "rw")
	}
	return c.appendExtra(params)
}

// consoleParams returns the console= parameters.
func (c Cmdline) consoleParams() ([]string, error) {
	consoles := c.Consoles
	if consoles == nil {
		consoles = DefaultConsoles
	}
	var params []string
	for _, con := range consoles {
		// No console value holds '=': "console=ttyS0,115200" given as the
		// value would make console=console=ttyS0,115200, which the kernel
		// matches to no console.
		if con == "" || strings.ContainsAny(con, " \"=") || strings.IndexFunc(con, unicode.IsControl) >= 0 {
			return nil, fmt.Errorf("console %q: want a device and options such as ttyS0,115200, without console=: %w", con, ErrCmdline)
		}
		params = append(params, "console="+con)
	}
	return params, nil
}

// rootParams appends the NFS root's parameters to params: root=/dev/nfs,
// airroot.bootpart and nfsroot=.
func (c Cmdline) rootParams(params []string) ([]string, error) {
	params = append(params, "root=/dev/nfs")
	if c.BootPart {
		params = append(params, "airroot.bootpart")
	}
	if c.NFSRoot == "" {
		return params, nil
	}
	p, err := param("nfsroot", c.NFSRoot)
	if err != nil {
		return nil, err
	}
	if _, err := nfsroot.ParseNFSRoot(c.NFSRoot); err != nil {
		return nil, fmt.Errorf("--nfsroot: %w", err)
	}
	return append(params, p), nil
}

func (c Cmdline) ipOrDHCP() string {
	if c.IP == "" {
		return "dhcp"
	}
	return c.IP
}

// appendExtra appends the Extra parameters to params.
func (c Cmdline) appendExtra(params []string) ([]string, error) {
	for _, e := range c.Extra {
		p := quoteParam(e)
		if e == "" || strings.ContainsAny(e, "\n\r\"") || len(cmdline.Split(p)) != 1 {
			return nil, fmt.Errorf("extra parameter %q: want one parameter, without quotes or line breaks: %w", e, ErrCmdline)
		}
		params = append(params, p)
	}
	return params, nil
}

// param returns name=v, v quoted when it holds white space. A value with a
// double quote, which the kernel cannot read inside one, or a line break or
// other control character, which would end cmdline.txt's one line, is
// refused.
func param(name, v string) (string, error) {
	bad := strings.IndexFunc(v, func(r rune) bool { return r == '"' || (unicode.IsControl(r) && r != '\t') })
	if bad >= 0 {
		r, _ := utf8.DecodeRuneInString(v[bad:])
		return "", fmt.Errorf("%s=%q: a quote or control character (here %q) cannot go in a value of cmdline.txt's one line: %w", name, v, string(r), ErrCmdline)
	}
	return name + "=" + quoteIfNeeded(v), nil
}

// quoteIfNeeded quotes a value with white space, as the kernel reads it.
func quoteIfNeeded(v string) string {
	if strings.ContainsAny(v, " \t") {
		return `"` + v + `"`
	}
	return v
}

// quoteParam quotes the value of a name=value parameter with white space.
func quoteParam(p string) string {
	if name, value, ok := strings.Cut(p, "="); ok {
		return name + "=" + quoteIfNeeded(value)
	}
	return quoteIfNeeded(p)
}

// check parses line as airroot's PID 1 will and refuses what it would
// reject or not boot from: for an appliance, any NFS root.
func check(line string, appliance bool) error {
	if len(line) > maxCmdline {
		return fmt.Errorf("%d bytes, more than the %d the kernel keeps beside the firmware's own: %w", len(line), maxCmdline, ErrCmdline)
	}
	cfg, errs := cmdline.Parse(line)
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrCmdline, errors.Join(errs...))
	}
	noRoot := cfg.NFS == nil && !cfg.NFSFromDHCP
	switch {
	case appliance && !noRoot:
		return fmt.Errorf("%q names an NFS root, which an appliance does not boot (an extra root=?): %w", line, ErrCmdline)
	case appliance:
	case noRoot:
		return fmt.Errorf("%q names no NFS root (an extra root= overrides it?): %w", line, ErrCmdline)
	case cfg.ReadOnly:
		return fmt.Errorf("%q mounts the root read-only (an extra ro?): %w", line, ErrCmdline)
	}
	return nil
}
