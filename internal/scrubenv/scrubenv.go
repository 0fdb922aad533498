// Package scrubenv removes, before any library reads them, the environment
// variables that make a library print secrets or panic. The kernel hands
// every unknown key=value of its command line to PID 1 as environment, so a
// stray NLDEBUG= there would have mdlayher/netlink dump every netlink
// message (the Wi-Fi keys among them) or panic on a bad level.
//
// A program imports it for its side effect, before nothing else: it depends
// on syscall alone, and Go initializes the packages ready to run in the
// order of their import paths (the spec's "Package initialization"), so
// github.com/airroot/airroot/internal/scrubenv runs before
// github.com/mdlayher/netlink, which reads NLDEBUG in its init. The Go
// runtime's own variables (GODEBUG, GOTRACEBACK) are read before any package
// and cannot be scrubbed here; the keeper never gets them (keeper.Start
// gives it an allow-listed environment).
package scrubenv

import "syscall"

// Names are the variables removed.
var Names = []string{
	"NLDEBUG", // mdlayher/netlink: dumps netlink messages to stderr; panics on a bad level=
}

func init() {
	for _, n := range Names {
		_ = syscall.Unsetenv(n) // cannot fail for a name without '=' or NUL
	}
}
