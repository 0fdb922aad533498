package bench

import (
	"fmt"
	"net"
	"strings"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/e2e/machine"
)

// appEvents maps the app's lines to phases.
var appEvents = map[string]string{benchproto.AppFirst: PhaseAppFirst, benchproto.AppReply: PhaseAppReply}

// AppWatcher reads a seed-004 comparison boot's console: the app's lines, the
// seed's phase lines, a kernel panic.
type AppWatcher struct {
	// Phases are reached on the uptime clock, by phase name.
	Phases map[string]float64
	Panic  string
}

// NewAppWatcher returns an empty AppWatcher.
func NewAppWatcher() *AppWatcher { return &AppWatcher{Phases: map[string]float64{}} }

// Line feeds one console line and reports whether the boot is over: the app's
// first reply arrived or the kernel panicked. airroot copies the app's output
// to the kernel log too, so a line may come twice; the first counts.
func (w *AppWatcher) Line(line string) (done bool) {
	line = strings.TrimRight(line, "\r\n")
	if i := strings.Index(line, machine.PanicMarker); i >= 0 {
		w.Panic = line[i:]
		return true
	}
	if event, up, ok := benchproto.ParseAppLine(line); ok {
		reach(w.Phases, appEvents[event], up)
	} else if name, up, ok := ParsePhaseLine(line); ok {
		reach(w.Phases, seedSteps[name], up)
	}
	return w.Done()
}

// Done reports whether the app's first reply was seen.
func (w *AppWatcher) Done() bool {
	_, ok := w.Phases[PhaseAppReply]
	return ok
}

// Echo is the host's UDP echo server the app sends to: QEMU's user network
// carries the guest's packets for 10.0.2.2 to the host's loopback.
type Echo struct {
	conn net.PacketConn
}

// StartEcho listens on a free UDP port of the loopback and echoes every packet.
func StartEcho() (*Echo, error) {
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the UDP echo server: %w", err)
	}
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := c.ReadFrom(buf)
			if err != nil {
				return // closed
			}
			c.WriteTo(buf[:n], from)
		}
	}()
	return &Echo{conn: c}, nil
}

// Port is the server's UDP port.
func (e *Echo) Port() int { return e.conn.LocalAddr().(*net.UDPAddr).Port }

// Param is the kernel parameter that tells the app where the server is.
func (e *Echo) Param() string {
	return fmt.Sprintf("%s=%s:%d", benchproto.AppAddrParam, machine.HostAddr, e.Port())
}

// Close stops the server.
func (e *Echo) Close() error { return e.conn.Close() }
