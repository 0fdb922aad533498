package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/airroot/airroot/host/initramfs"
	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/netboot/nfsroot"
)

// listFlag collects repeatable, comma-separated values.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// repeatFlag collects repeatable values that may hold commas
// (console=ttyS0,115200).
type repeatFlag []string

func (r *repeatFlag) String() string { return strings.Join(*r, " ") }

func (r *repeatFlag) Set(v string) error {
	*r = append(*r, v)
	return nil
}

// paramsFlag collects kernel parameters, split as the kernel splits them.
type paramsFlag []string

func (p *paramsFlag) String() string { return strings.Join(*p, " ") }

func (p *paramsFlag) Set(v string) error {
	*p = append(*p, cmdline.Split(v)...)
	return nil
}

// buildFlags are airroot build's flags.
type buildFlags struct {
	init, modulesDir, output, compress string
	modules, adds, firmwareFilter      listFlag
	includeModules                     listFlag

	kernelDeb, kernel, dtbs, firmwareDir string

	wifiConfig, ssid, passphraseFile string
	passphraseStdin, open            bool

	app      string
	appArgs  repeatFlag
	bootpart bool
	overlay  bool
	// automount puts USB storage in and airroot.automount in cmdline.txt.
	automount bool

	out, nfsroot, ip string
	consoles         repeatFlag
	cmdlineExtra     paramsFlag

	set map[string]bool // the flags given
}

// errPassphraseFlag refuses a pass-phrase on the command line.
var errPassphraseFlag = errors.New("--passphrase VALUE is refused: the pass-phrase would stay in your shell history and show in ps; " +
	"use --passphrase-file FILE or --passphrase-stdin")

func parseBuildFlags(args []string, stderr io.Writer) (*buildFlags, error) {
	if hasPassphraseFlag(args) {
		return nil, errPassphraseFlag
	}
	f := &buildFlags{}
	fl := flag.NewFlagSet("airroot build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&f.init, "init", "out/init", "airroot's /init binary (built by make)")
	fl.StringVar(&f.output, "o", "", "write only the initramfs, to this file (default initramfs.cpio.gz, or .zst, .xz, as compressed)")
	fl.StringVar(&f.compress, "compress", "gzip", "initramfs compression: gzip, zstd, xz or none")
	fl.Var(&f.modules, "modules", "modules to load at boot, comma-separated (their dependencies and firmware come along)")
	fl.Var(&f.includeModules, "include-modules", "modules to put in but not load at boot, comma-separated: names, or folders of the tree "+
		"(kernel/drivers/net) for all their modules; mdev loads them for the devices found (MODALIAS), /init for the kernel's requests")
	fl.Var(&f.adds, "add", "add a file: HOSTPATH:/PATH/IN/INITRAMFS (repeatable)")
	fl.StringVar(&f.kernelDeb, "kernel-deb", "", "a Debian linux-image .deb: its modules, kernel image, config and device trees")
	fl.StringVar(&f.modulesDir, "modules-dir", "", "the kernel's modules tree (lib/modules/KVER), instead of --kernel-deb")
	fl.StringVar(&f.kernel, "kernel", "", "the kernel image for the boot folder, with --modules-dir")
	fl.StringVar(&f.dtbs, "dtbs", "", "a folder of device trees (*.dtb, overlays/) for the boot folder, with --modules-dir")
	fl.StringVar(&f.firmwareDir, "firmware-dir", "", "a linux-firmware tree (such as /lib/firmware): the firmware the modules name goes in")
	fl.Var(&f.firmwareFilter, "firmware", "only the named firmware files matching these globs go in (brcm/brcmfmac43430-sdio.*), comma-separated")
	fl.StringVar(&f.wifiConfig, "wifi-config", "", "a wpa_supplicant.conf with the networks to join")
	fl.StringVar(&f.ssid, "ssid", "", "the network to join, instead of --wifi-config")
	fl.StringVar(&f.passphraseFile, "passphrase-file", "", "read --ssid's pass-phrase from the first line of this file")
	fl.BoolVar(&f.passphraseStdin, "passphrase-stdin", false, "read --ssid's pass-phrase from standard input")
	fl.BoolVar(&f.open, "open", false, "--ssid is an open network (no pass-phrase, no encryption)")
	fl.StringVar(&f.app, "app", "", "appliance mode: run this program (static) instead of switching to an NFS root; the card's storage and vfat modules go in")
	fl.Var(&f.appArgs, "app-arg", "an argument for --app (repeatable, in order)")
	fl.BoolVar(&f.automount, "automount", false, "with --app: mount USB drives under /media/LABEL as they are plugged in (airroot.automount in cmdline.txt); "+
		"the USB storage and file-system (FAT, ext4) modules go in")
	fl.BoolVar(&f.bootpart, "bootpart", false, "put in the card's storage and vfat modules, for an NFS root that reads wpa_supplicant.conf from the card (airroot.bootpart)")
	fl.BoolVar(&f.overlay, "overlay", false, "put in the overlay module and, with --out, write airroot.overlay=tmpfs: the NFS root read-only below a RAM overlay, for boards sharing one root")
	fl.StringVar(&f.out, "out", "", "write a Raspberry Pi boot folder here: kernel, device trees, initramfs, cmdline.txt, config.txt")
	fl.StringVar(&f.nfsroot, "nfsroot", "", "the NFS root, server:/path[,options] (default: the DHCP server's root-path)")
	fl.StringVar(&f.ip, "ip", "dhcp", "the kernel's ip= value for the root's network")
	fl.Var(&f.consoles, "console", "a console= value for cmdline.txt (repeatable; the last is /dev/console; default serial0,115200 then tty1)")
	fl.Var(&f.cmdlineExtra, "cmdline-extra", "more kernel parameters for cmdline.txt")
	if err := fl.Parse(args); err != nil {
		return nil, err
	}
	if fl.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (flags only; see airroot build -h)", fl.Arg(0))
	}
	f.set = map[string]bool{}
	fl.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	return f, f.check()
}

// hasPassphraseFlag reports whether args hold -passphrase or --passphrase,
// with or without =VALUE.
func hasPassphraseFlag(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "passphrase" {
			return true
		}
	}
	return false
}

// check refuses flags that do not go together.
func (f *buildFlags) check() error {
	for _, check := range []func() error{f.checkKernel, f.checkWiFi, f.checkBootFolder, f.checkValues} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (f *buildFlags) checkKernel() error {
	if f.kernelDeb != "" {
		for _, name := range []string{"modules-dir", "kernel", "dtbs"} {
			if f.set[name] {
				return fmt.Errorf("give --kernel-deb or --%s, not both", name)
			}
		}
	}
	if (f.kernel != "" || f.dtbs != "") && f.modulesDir == "" {
		return fmt.Errorf("--kernel and --dtbs go with --modules-dir (or give --kernel-deb)")
	}
	if len(f.firmwareFilter) > 0 && f.firmwareDir == "" {
		return fmt.Errorf("--firmware chooses among the files of --firmware-dir: give --firmware-dir")
	}
	return nil
}

func (f *buildFlags) checkWiFi() error {
	secrets := 0
	for _, given := range []bool{f.passphraseFile != "", f.passphraseStdin, f.open} {
		if given {
			secrets++
		}
	}
	switch {
	case f.wifiConfig != "" && f.ssid != "":
		return fmt.Errorf("give --wifi-config or --ssid, not both")
	case f.ssid == "" && secrets > 0:
		return fmt.Errorf("--passphrase-file, --passphrase-stdin and --open go with --ssid")
	case f.ssid != "" && secrets == 0:
		return fmt.Errorf("--ssid %q: give its pass-phrase with --passphrase-file FILE or --passphrase-stdin (or --open for an open network)", f.ssid)
	case secrets > 1:
		return fmt.Errorf("give one of --passphrase-file, --passphrase-stdin and --open")
	}
	return nil
}

func (f *buildFlags) checkBootFolder() error {
	if f.out == "" {
		for _, name := range []string{"nfsroot", "ip", "console", "cmdline-extra", "kernel", "dtbs"} {
			if f.set[name] {
				return fmt.Errorf("--%s is for the boot folder: give --out DIR", name)
			}
		}
		return nil
	}
	if f.set["o"] {
		return fmt.Errorf("give -o (the initramfs alone) or --out (a boot folder), not both")
	}
	if f.kernelDeb == "" && f.kernel == "" {
		return fmt.Errorf("--out needs a kernel image: give --kernel-deb, or --kernel with --modules-dir")
	}
	return nil
}

func (f *buildFlags) checkValues() error {
	if f.automount && f.app == "" {
		return fmt.Errorf("--automount is for an appliance (mdev runs on only there): give --app")
	}
	if _, err := initramfs.ParseCompression(f.compress); err != nil {
		return err
	}
	if f.nfsroot != "" {
		if _, err := nfsroot.ParseNFSRoot(f.nfsroot); err != nil {
			return fmt.Errorf("--nfsroot: %w", err)
		}
	}
	for _, a := range f.adds {
		if _, err := initramfs.ParseExtra(a); err != nil {
			return err
		}
	}
	return nil
}
