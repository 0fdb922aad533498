package main

import (
	"context"
	"io"
	"os"

	"github.com/airroot/airroot/e2e/harness"
	"golang.org/x/sys/unix"
)

// terminal is this program's standard input, put in raw mode while the guest's shell
// runs so that each key goes to the guest as typed (Ctrl-C included) and the guest
// alone echoes.
type terminal struct {
	saved *unix.Termios // nil: not a terminal, or not changed
}

// addShell fetches a busybox for board and asks the harness for the guest's shell:
// once it runs, standard input goes to the console. At the end of a piped input, a
// Ctrl-D ends the shell.
func addShell(ctx context.Context, env *harness.Env, board string) (*terminal, error) {
	cache, err := harness.CacheDir()
	if err != nil {
		return nil, err
	}
	busybox, err := harness.FetchBusybox(ctx, cache, harness.Boards[board].Kernel.Arch)
	if err != nil {
		return nil, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	term := &terminal{}
	env.Shell = &harness.Shell{Busybox: busybox, Input: r, OnStart: func() {
		term.makeRaw()
		go func() {
			io.Copy(w, os.Stdin)
			w.Write([]byte{4}) // Ctrl-D: end of input ends the shell
		}()
	}}
	say("with a shell: when the board is up you are in its new root (busybox sh from Debian's busybox-static); exit or Ctrl-D ends the demo")
	return term, nil
}

// makeRaw puts standard input, when it is a terminal, in raw mode.
func (t *terminal) makeRaw() {
	saved, err := unix.IoctlGetTermios(int(os.Stdin.Fd()), unix.TCGETS)
	if err != nil {
		return // not a terminal: a pipe or a file
	}
	raw := *saved
	raw.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	raw.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	raw.Cflag &^= unix.CSIZE | unix.PARENB
	raw.Cflag |= unix.CS8
	raw.Cc[unix.VMIN], raw.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(int(os.Stdin.Fd()), unix.TCSETS, &raw); err == nil {
		t.saved = saved
	}
}

// restore puts the terminal back as it was.
func (t *terminal) restore() {
	if t.saved != nil {
		unix.IoctlSetTermios(int(os.Stdin.Fd()), unix.TCSETS, t.saved)
		t.saved = nil
	}
}
