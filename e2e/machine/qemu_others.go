//go:build !linux

package machine

import "os/exec"

// killWithParent has no equivalent outside Linux: RunQEMU still kills QEMU itself.
func killWithParent(*exec.Cmd) {}
