package machine

import (
	"os/exec"
	"syscall"
)

// killWithParent makes the kernel kill QEMU when the harness dies (e.g. go test's
// -timeout panics), so no QEMU outlives a run.
func killWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
