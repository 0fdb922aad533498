package scenario

import (
	"os"
)

// Shell asks for the demo's interactive shell: after its checks the guest runs a static
// busybox's sh on the console, and QEMU runs until that shell exits.
type Shell struct {
	// Busybox is a static busybox for the board's architecture, on the host; it goes
	// into the NFS root as testbed.ShellBusybox.
	Busybox string
	// Input becomes QEMU's standard input, so what is written to it reaches the console.
	Input *os.File
	// OnStart is called once, when the guest says the shell runs (nil: nothing).
	OnStart func()
}
