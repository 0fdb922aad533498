package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"github.com/airroot/airroot/e2e/guestproto"
)

// shellEnv is the demo shell's environment: busybox's applets are linked in the
// folder of busybox itself.
var shellEnv = []string{"PATH=/bin:/sbin", "HOME=/", "TERM=vt100", `PS1=new root \w # `}

// runShell runs `busybox sh` on the console between the shell's start and end lines,
// first linking busybox's applets next to it so that ls, cat and the rest are found.
func runShell(busybox string) error {
	install := exec.Command(busybox, "--install", "-s", filepath.Dir(busybox))
	if out, err := install.CombinedOutput(); err != nil {
		return fmt.Errorf("shell: %s --install: %w: %s", busybox, err, out)
	}
	fmt.Println("guest: this is a shell in the new root (busybox sh, from Debian's busybox-static); exit (or Ctrl-D) powers the board off")
	err := startShell(busybox, true)
	if errors.Is(err, syscall.ENOTTY) || errors.Is(err, syscall.EPERM) {
		err = startShell(busybox, false) // the console is no terminal: no job control
	}
	fmt.Println("\n" + guestproto.ShellEndLine)
	return err
}

// startShell runs the shell and waits for it; with ctty the console becomes its
// controlling terminal, so that Ctrl-C interrupts what runs in it.
func startShell(busybox string, ctty bool) error {
	cmd := exec.Command(busybox, "sh")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = shellEnv
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: ctty, Ctty: 0}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("shell: start %s sh: %w", busybox, err)
	}
	fmt.Println(guestproto.ShellStartLine)
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("shell: %w", err)
	}
	return nil
}
