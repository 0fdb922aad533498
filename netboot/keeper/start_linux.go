package keeper

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Start starts the keeper: this same binary, argv[0] Name, with its end of
// a socket pair as fd 3. Our end is close-on-exec, so the keeper sees EOF
// when PID 1 execs the new init.
func Start() (*Proc, error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("start keeper: socketpair: %w", err)
	}
	ours := os.NewFile(uintptr(fds[0]), "keeper-control")
	theirs := os.NewFile(uintptr(fds[1]), "keeper-control")
	defer theirs.Close()
	p, err := os.StartProcess("/proc/self/exe", []string{Name}, &os.ProcAttr{
		Dir:   "/",
		Env:   keeperEnv(os.Environ()), // never NLDEBUG, GODEBUG and the like from the kernel command line
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr, theirs},
	})
	if err != nil {
		ours.Close()
		return nil, fmt.Errorf("start keeper: %w", err)
	}
	return newProc(p.Pid, ours), nil
}
