package testbed

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Ganesha is Debian's nfs-ganesha serving host folders on 127.0.0.1 (the guest's
// 10.0.2.2 through slirp). When it serves NFSv3 it runs with an rpcbind of its own:
// both in a private mount namespace with a tmpfs on /run (so the rpcbind socket
// /run/rpcbind.sock is theirs alone and two scenarios can serve at once), rpcbind
// also in a private network namespace (its port 111 is nobody's business; clients
// use the fixed ports of the kernel command line).
type Ganesha struct {
	cfg  GaneshaConfig
	cmd  *exec.Cmd
	done chan error
}

// GaneshaBinary is the server's path, from Debian's nfs-ganesha package.
const GaneshaBinary = "/usr/bin/ganesha.nfsd"

const (
	// ganeshaReady is the log line ganesha writes once it serves.
	ganeshaReady = "NFS SERVER INITIALIZED"
	// ganeshaStartTimeout bounds the wait for ganeshaReady (0.1-0.7 s seen).
	ganeshaStartTimeout = 30 * time.Second
	// ganeshaStopTimeout is how long SIGTERM gets before SIGKILL.
	ganeshaStopTimeout = 10 * time.Second
)

// StartGanesha serves the exports over the NFS versions given (3, 4) on free
// loopback ports, keeping its configuration, log and state in dir, until Stop.
func StartGanesha(exports []GaneshaExport, dir string, versions []int, minorVersions []int) (*Ganesha, error) {
	nfsPort, err := ClosedPort()
	if err != nil {
		return nil, fmt.Errorf("start ganesha: %w", err)
	}
	mountPort, err := ClosedPort()
	if err != nil {
		return nil, fmt.Errorf("start ganesha: %w", err)
	}
	g := &Ganesha{cfg: GaneshaConfig{
		Exports: exports, Versions: versions, MinorVersions: minorVersions,
		NFSPort: nfsPort, MountPort: mountPort, StateDir: dir,
	}}
	if err := g.cfg.validate(); err != nil {
		return nil, fmt.Errorf("start ganesha: %w", err)
	}
	if err := os.MkdirAll(g.cfg.recoveryDir(), 0o755); err != nil {
		return nil, fmt.Errorf("start ganesha: %w", err)
	}
	if err := os.WriteFile(g.path("ganesha.conf"), []byte(g.cfg.Render()), 0o644); err != nil {
		return nil, fmt.Errorf("start ganesha: %w", err)
	}
	return g, g.Start()
}

// Port is the NFS port; MountPort is the MOUNT port (NFSv3).
func (g *Ganesha) Port() int      { return g.cfg.NFSPort }
func (g *Ganesha) MountPort() int { return g.cfg.MountPort }

func (g *Ganesha) path(name string) string { return filepath.Join(g.cfg.StateDir, name) }

// Start starts the server (again, after Stop) on its ports and waits until it serves.
func (g *Ganesha) Start() error {
	if g.cmd != nil {
		return fmt.Errorf("start ganesha on port %d: already running", g.cfg.NFSPort)
	}
	logPath := g.path("ganesha.log")
	if err := os.WriteFile(logPath, nil, 0o644); err != nil {
		return fmt.Errorf("start ganesha: %w", err)
	}
	cmd := exec.Command("sh", "-c", g.script(), "ganesha", GaneshaBinary, g.path("ganesha.conf"), logPath, g.path("ganesha.pid"))
	// A file, not a pipe: rpcbind keeps its copy open after ganesha ends.
	out, err := os.Create(g.path("ganesha.out"))
	if err != nil {
		return fmt.Errorf("start ganesha: %w", err)
	}
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, out
	// A process group of its own, for rpcbind; a mount namespace of its own, for /run.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Cloneflags: syscall.CLONE_NEWNS}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start ganesha on port %d: %w", g.cfg.NFSPort, err)
	}
	g.cmd, g.done = cmd, make(chan error, 1)
	go func() { g.done <- cmd.Wait() }()
	if err := g.awaitReady(logPath); err != nil {
		_ = g.Stop()
		return fmt.Errorf("start ganesha on port %d: %w (output: %s)", g.cfg.NFSPort, err, logTail(out.Name()))
	}
	return nil
}

// script runs in the new mount namespace: a private /run, rpcbind when NFSv3 is
// served (ready once its socket exists), then ganesha in the foreground as the same
// process, so that SIGTERM reaches it.
func (g *Ganesha) script() string {
	s := "set -e\nmount --make-rprivate /\nmount -t tmpfs tmpfs /run\n"
	if g.cfg.serves(3) {
		s += "unshare -n rpcbind -f &\n" +
			"i=0; while [ ! -S /run/rpcbind.sock ]; do i=$((i+1)); [ $i -lt 100 ] || { echo rpcbind did not start; exit 1; }; sleep 0.05; done\n"
	}
	return s + `exec "$1" -F -f "$2" -L "$3" -p "$4"` + "\n"
}

// awaitReady waits for ganeshaReady in the log, or the server's end.
func (g *Ganesha) awaitReady(logPath string) error {
	deadline := time.Now().Add(ganeshaStartTimeout)
	for time.Now().Before(deadline) {
		select {
		case err := <-g.done:
			g.done <- err
			return fmt.Errorf("server ended (%v) before serving: %s", err, logTail(logPath))
		case <-time.After(50 * time.Millisecond):
		}
		if log, err := os.ReadFile(logPath); err == nil && bytes.Contains(log, []byte(ganeshaReady)) {
			return nil
		}
	}
	return fmt.Errorf("no %q in %s after %v: %s", ganeshaReady, logPath, ganeshaStartTimeout, logTail(logPath))
}

// Stop ends the server with SIGTERM (SIGKILL after ganeshaStopTimeout) and its
// rpcbind with it; Start serves again on the same ports.
func (g *Ganesha) Stop() error {
	if g.cmd == nil {
		return nil
	}
	pid := g.cmd.Process.Pid
	_ = g.cmd.Process.Signal(syscall.SIGTERM)
	var err error
	select {
	case err = <-g.done:
	case <-time.After(ganeshaStopTimeout):
		_ = g.cmd.Process.Kill()
		err = <-g.done
		err = fmt.Errorf("ganesha ignored SIGTERM for %v, killed: %w", ganeshaStopTimeout, err)
	}
	// rpcbind, left behind in the group.
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	g.cmd = nil
	if err != nil {
		return fmt.Errorf("stop ganesha on port %d: %w", g.cfg.NFSPort, err)
	}
	return nil
}

// Restart stops the server as Stop does, waits down and starts it again on the same
// ports and state: a server process killed and brought back over the same disk.
func (g *Ganesha) Restart(down time.Duration) error {
	if err := g.Stop(); err != nil {
		return err
	}
	time.Sleep(down)
	return g.Start()
}

// logTail is the end of a log, for an error message.
func logTail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-5):], " | ")
}
