// EAP-TLS, PEAP and TTLS over TLS 1.2 take their keys from the TLS exporter
// (RFC 5216 2.3, RFC 5281 8), which crypto/tls refuses unless the server
// negotiated the extended master secret; RADIUS servers without it are still
// deployed, and those RFCs define the keys for them.
//
//go:debug tlsunsafeekm=1

// Command init is airroot's PID 1, run by the kernel from the initramfs. The
// same binary is also the keeper of the root's network (argv[0] "@airroot")
// and the kernel's modprobe helper (run as "/init -q -- NAME").
package main

import (
	"fmt"
	"os"
	"strings"

	boot "github.com/airroot/airroot/init"
	"github.com/airroot/airroot/init/cmdline"
	_ "github.com/airroot/airroot/internal/scrubenv" // NLDEBUG= from the kernel command line never reaches netlink
	"github.com/airroot/airroot/modload"
	"github.com/airroot/airroot/modload/modprobe"
	"github.com/airroot/airroot/netboot/keeper"
)

func main() {
	switch {
	case modprobe.Invoked(os.Args, os.Getpid()):
		os.Exit(modprobe.Main(os.Args, kernelModuleParams))
	case strings.HasPrefix(os.Args[0], "@"):
		keeper.Run()
	default:
		if err := checkPID1(os.Getpid()); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", os.Args[0], err)
			os.Exit(2)
		}
		boot.Run()
	}
}

// checkPID1 refuses to play PID 1 as any other process: PID 1 mounts /proc,
// /dev/pts and a tmpfs on /run wherever it runs, and on a desktop, where
// someone tries the built /init, that tmpfs would hide the host's /run.
func checkPID1(pid int) error {
	if pid == 1 {
		return nil
	}
	return fmt.Errorf("this is airroot's PID 1, run by the kernel from the initramfs (see 'airroot build'); as PID %d it does nothing", pid)
}

// kernelModuleParams reads what /proc/cmdline asks of modules, for the
// modprobe helper; PID 1 reports the command line's mistakes, the helper
// only uses what is right.
func kernelModuleParams() (modload.KernelParams, error) {
	data, err := os.ReadFile("/proc/cmdline")
	if err != nil {
		return modload.KernelParams{}, err
	}
	cfg, _ := cmdline.Parse(string(data))
	return cfg.Modules, nil
}
