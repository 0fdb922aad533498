package main

import (
	"bufio"
	"io"
	"os"
	"time"

	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/scenario"
	"golang.org/x/sys/unix"
)

// terminal is this program's standard input, put in raw mode while the guest's shell
// runs so that each key goes to the guest as typed (Ctrl-C included) and the guest
// alone echoes.
type terminal struct {
	saved *unix.Termios // nil: not a terminal, or not changed
}

// addShell asks the harness for the guest's shell, busybox for board's architecture
// (which set-up fetched): once it runs, standard input goes to the console. At the end
// of a piped input, a Ctrl-D ends the shell.
func addShell(env *scenario.Env, board string, console *consoleFilter) (*terminal, error) {
	busybox := env.Busybox[machine.Boards[board].Kernel.Arch]
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	term := &terminal{}
	_, err = unix.IoctlGetTermios(int(os.Stdin.Fd()), unix.TCGETS)
	console.dropCursorQueries = err != nil
	env.Shell = &scenario.Shell{Busybox: busybox, Input: r, OnStart: func() {
		if term.makeRaw() {
			go io.Copy(w, os.Stdin)
		} else {
			go feedLines(w, os.Stdin, console.prompts)
		}
	}}
	say("with a shell: when the board is up you are in its new root (busybox sh from Debian's busybox-static); exit or Ctrl-D ends the demo")
	return term, nil
}

// feedLines writes in's lines to w one at a time, each after a prompt (so that the
// console shows each command once, after its prompt), then a Ctrl-D that ends the shell.
// A prompt that does not come within a minute does not hold the input back.
func feedLines(w io.Writer, in io.Reader, prompts <-chan struct{}) {
	br := bufio.NewReader(in)
	for {
		line, err := br.ReadString('\n')
		select {
		case <-prompts:
		case <-time.After(time.Minute):
		}
		if line == "" && err != nil {
			w.Write([]byte{4}) // Ctrl-D: the end of the input ends the shell
			return
		}
		w.Write([]byte(line))
	}
}

// makeRaw puts standard input, when it is a terminal, in raw mode, and says whether
// it is one.
func (t *terminal) makeRaw() bool {
	saved, err := unix.IoctlGetTermios(int(os.Stdin.Fd()), unix.TCGETS)
	if err != nil {
		return false // not a terminal: a pipe or a file
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
	return true
}

// restore puts the terminal back as it was.
func (t *terminal) restore() {
	if t.saved != nil {
		unix.IoctlSetTermios(int(os.Stdin.Fd()), unix.TCSETS, t.saved)
		t.saved = nil
	}
}
