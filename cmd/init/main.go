// Command init is airroot's PID 1, run by the kernel from the initramfs. The
// same binary is also the keeper of the root's network (argv[0] "@airroot")
// and the kernel's modprobe helper (run as "/init -q -- NAME").
package main

import (
	"os"
	"strings"

	boot "github.com/airroot/airroot/init"
	"github.com/airroot/airroot/modload/modprobe"
	"github.com/airroot/airroot/netboot/keeper"
)

func main() {
	switch {
	case modprobe.Invoked(os.Args, os.Getpid()):
		os.Exit(modprobe.Main(os.Args))
	case strings.HasPrefix(os.Args[0], "@"):
		keeper.Run()
	default:
		boot.Run()
	}
}
