package machine

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"time"
)

// MonitorArgs are QEMU's arguments for a human monitor (HMP) on a Unix socket at
// path, besides the console's: the harness drives the board's devices through it
// (device_add, device_del), as someone at QEMU's console would.
func MonitorArgs(path string) []string {
	return []string{"-monitor", "unix:" + path + ",server,nowait"}
}

// monitorPrompt ends each of the monitor's answers.
const monitorPrompt = "(qemu) "

// Monitor is a connection to QEMU's human monitor.
type Monitor struct {
	conn net.Conn
	r    *bufio.Reader
}

// DialMonitor connects to the monitor at path and reads its greeting, waiting up
// to wait for QEMU to listen.
func DialMonitor(path string, wait time.Duration) (*Monitor, error) {
	deadline := time.Now().Add(wait)
	for {
		conn, err := net.Dial("unix", path)
		if err == nil {
			m := &Monitor{conn: conn, r: bufio.NewReader(conn)}
			if _, err := m.answer(); err != nil {
				conn.Close()
				return nil, fmt.Errorf("qemu monitor %s: greeting: %w", path, err)
			}
			return m, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("qemu monitor: %w", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Command runs one monitor command and returns what QEMU answered, the echo of
// the command left out. An answer that says "Error" (device_add's, drive_add's)
// is an error.
func (m *Monitor) Command(cmd string) (string, error) {
	if _, err := fmt.Fprintf(m.conn, "%s\n", cmd); err != nil {
		return "", fmt.Errorf("qemu monitor %q: %w", cmd, err)
	}
	out, err := m.answer()
	if err != nil {
		return "", fmt.Errorf("qemu monitor %q: %w", cmd, err)
	}
	// The monitor echoes the command as its line editor draws it, each
	// character with the line redrawn, up to the first line end.
	if _, after, ok := strings.Cut(out, "\r\n"); ok {
		out = after
	}
	out = strings.TrimSpace(cleanMonitor(out))
	if strings.Contains(out, "Error") {
		return out, fmt.Errorf("qemu monitor %q: %s", cmd, out)
	}
	return out, nil
}

// answer reads up to the next prompt, without it.
func (m *Monitor) answer() (string, error) {
	_ = m.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	var b strings.Builder
	for !strings.HasSuffix(b.String(), monitorPrompt) {
		c, err := m.r.ReadByte()
		if err != nil {
			return b.String(), err
		}
		b.WriteByte(c)
	}
	return strings.TrimSuffix(b.String(), monitorPrompt), nil
}

// cleanMonitor drops the terminal control of the monitor's output: ESC [ ...
// sequences and carriage returns.
func cleanMonitor(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\r':
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[':
			i += 2
			for i < len(s) && (s[i] < 0x40 || s[i] > 0x7e) {
				i++
			}
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// Close ends the connection; QEMU keeps listening.
func (m *Monitor) Close() error { return m.conn.Close() }
