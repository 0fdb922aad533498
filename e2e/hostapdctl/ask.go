package hostapdctl

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// Ask finds the process whose argv[0] is program in /proc (the fixture's
// hostapd) and sends cmd to its control socket ctrl from that process's own
// network namespace, returning the reply.
func Ask(program, ctrl, cmd string, timeout time.Duration) (string, error) {
	pid, err := FindProcess(os.DirFS("/proc"), program)
	if err != nil {
		return "", err
	}
	c, err := Dial(ctrl, NetNSPath(pid))
	if err != nil {
		return "", err
	}
	defer c.Close()
	return c.Request(cmd, timeout)
}

// RequestRestart writes line into the fixture's restart FIFO control; it
// fails at once (ENXIO) when nobody reads it.
func RequestRestart(control, line string) error {
	f, err := os.OpenFile(control, os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return fmt.Errorf("ask for the access point's restart: %w", err)
	}
	defer f.Close()
	if _, err := f.WriteString(line + "\n"); err != nil {
		return fmt.Errorf("ask for the access point's restart: %w", err)
	}
	return nil
}
