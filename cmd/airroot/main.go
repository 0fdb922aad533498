// Command airroot is airroot's host tool: it builds the initramfs that boots
// a board onto an NFS root.
//
//	airroot build --init out/init --modules-dir DIR --modules a,b -o initramfs.cpio.gz
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage: airroot COMMAND [flags]

commands:
  build    build an initramfs: /init, kernel modules, configuration
`

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "airroot: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
