// Command init is airroot's PID 1, run by the kernel from the initramfs. The
// same binary is also the keeper of the root's network (argv[0] "@airroot").
package main

import (
	"os"
	"strings"

	boot "github.com/airroot/airroot/init"
)

func main() {
	if strings.HasPrefix(os.Args[0], "@") {
		boot.RunKeeper()
	}
	boot.Run()
}
