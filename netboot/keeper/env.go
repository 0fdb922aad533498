package keeper

import "strings"

// keeperEnvAllowed are the variables the keeper inherits from PID 1; every
// other one stays behind. PID 1's environment is whatever the kernel command
// line says (each unknown key=value lands there), and variables such as
// NLDEBUG, GODEBUG or GOTRACEBACK would make a library or the Go runtime
// print netlink messages holding keys, panic, or hide a crash's stack. The
// keeper execs nothing and writes plain lines, so it needs no TERM either.
var keeperEnvAllowed = []string{"PATH"}

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
