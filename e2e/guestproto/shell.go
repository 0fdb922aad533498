package guestproto

// The demo's interactive shell (DEMO_SHELL=1): after its checks the guest runs
// Expect.Shell, a static busybox in the new root, as `busybox sh` on the console, and
// powers off once the shell exits. These lines, each printed alone on a line, tell the
// harness when to pass the user's keyboard to the console and when to end QEMU.
const (
	// ShellStartLine: the shell runs; what the user types may go to the console now.
	ShellStartLine = "AIRROOT-E2E-SHELL-START"
	// ShellEndLine: the shell exited; the guest syncs and powers off.
	ShellEndLine = "AIRROOT-E2E-SHELL-END"
)
