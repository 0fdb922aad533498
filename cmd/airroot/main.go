// Command airroot is airroot's host tool: it builds the initramfs, and the
// Raspberry Pi boot folder around it, that boots a board onto an NFS root
// over Wi-Fi.
//
//	airroot build --init out/init --kernel-deb linux-image.deb --modules brcmfmac,nfsv3 \
//	    --firmware-dir /lib/firmware --wifi-config wpa_supplicant.conf \
//	    --nfsroot 192.168.1.2:/srv/pi --out /media/boot
//	airroot build --init out/init --modules-dir DIR --modules a,b -o initramfs.cpio.gz
//	airroot passphrase SSID < passfile
//	airroot modules --kernel-deb linux-image.deb rtl8192cu
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `usage: airroot COMMAND [flags]

commands:
  build       build an initramfs (-o FILE) or a Raspberry Pi boot folder (--out DIR):
              /init, kernel modules and their firmware, Wi-Fi networks, kernel, cmdline.txt
  passphrase  print a wpa_supplicant.conf network block for SSID, the pass-phrase read
              from standard input (PSK only, never the pass-phrase)
  modules     list modules with everything they need, and the firmware they name

Run airroot COMMAND -h for a command's flags.
`

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "airroot: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := runCommand(args, stdin, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil // the flag package has printed the command's flags
	}
	return err
}

func runCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdin, stdout, stderr)
	case "passphrase":
		return runPassphrase(args[1:], stdin, stdout, stderr)
	case "modules":
		return runModules(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
