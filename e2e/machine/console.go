package machine

import "time"

// PanicMarker starts the kernel's panic message.
const PanicMarker = "Kernel panic - not syncing"

// Action is what to do next with a running QEMU, after a console line.
type Action int

const (
	// Continue lets the boot go on.
	Continue Action = iota
	// AwaitExit waits for QEMU to end by itself (the guest is powering off).
	AwaitExit
	// StopNow ends QEMU: the boot has shown what was wanted, or the kernel panicked.
	StopNow
)

// EndReason says how a QEMU run ended.
type EndReason int

const (
	// EndStopped means QEMU was stopped after OnLine said StopNow.
	EndStopped EndReason = iota
	// EndExited means QEMU exited by itself.
	EndExited
	// EndTimeout means the context ended and QEMU was killed.
	EndTimeout
	// EndNoPowerOff means the guest said it powers off but QEMU did not exit in time.
	EndNoPowerOff
	// EndAborted means the whole e2e run ran out of time (go test -timeout) and the
	// harness killed QEMU before the scenario's own timeout.
	EndAborted
)

// End describes how a QEMU run ended.
type End struct {
	Reason EndReason
	// Wall is the time QEMU ran.
	Wall time.Duration
	// ExitErr is QEMU's exit error with its stderr, when it exited with a failure.
	ExitErr string
}
