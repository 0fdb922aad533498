package keeper

import "strings"

// PanicTestEnv, in the keeper's environment, arms a test-only trigger: the
// keeper's worker then panics, in a goroutine of its own, when it receives
// SIGUSR2, so that a test can prove it is restarted. Put
// AIRROOT_TEST_KEEPER_PANIC=1 on the kernel command line to arm it in a
// guest. Nothing but tests sets it.
const PanicTestEnv = "AIRROOT_TEST_KEEPER_PANIC"

// keeperEnvAllowed are the variables the keeper inherits from PID 1; every
// other one stays behind. PID 1's environment is whatever the kernel command
// line says (each unknown key=value lands there), and variables such as
// NLDEBUG, GODEBUG or GOTRACEBACK would make a library or the Go runtime
// print netlink messages holding keys, panic, or hide a crash's stack. The
// keeper execs nothing and writes plain lines, so it needs no TERM either.
var keeperEnvAllowed = []string{"PATH", PanicTestEnv}

// keeperEnv is the keeper's environment built from PID 1's env: the allowed
// variables only.
func keeperEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, ok := strings.Cut(kv, "=")
		for _, a := range keeperEnvAllowed {
			if ok && name == a {
				out = append(out, kv)
			}
		}
	}
	return out
}
