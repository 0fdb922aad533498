package keeper

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/internal/backoff"
	"golang.org/x/sys/unix"
)

// The worker's file descriptors besides stdin, stdout and stderr.
const (
	// controlFD (3) is PID 1's socket, for the first worker only.
	resumeFD = 4 // read: the supervisor's resume, one JSON value
	statusFD = 5 // write: workerState, one JSON line per change
	crashFD  = 6 // write: the Go runtime's crash report (debug.SetCrashOutput)
)

// workerArg, as argv[1], makes the keeper's binary a worker. argv[0] stays
// Name for both processes: systemd spares whatever starts with '@'.
const workerArg = "worker"

// restartBackoff spaces the restarts of a worker that keeps crashing; a
// worker that ran for stableAfter starts the count again.
var restartBackoff = backoff.Backoff{Initial: time.Second, Max: time.Minute}

const stableAfter = 5 * time.Minute

// supervisor is the keeper as PID 1 started it: it runs the worker, which
// does the keeper's work, and restarts it if it ends after the switch to the
// new root, whatever the cause (a panic in any goroutine kills the whole
// process: no recover can be relied on), since the NFS root hangs without
// it. Before the switch it leaves that to PID 1, which is still there to
// start a new keeper.
type supervisor struct {
	log     *bootlog.Logger
	exe     string   // the binary to run: /proc/self/exe
	argv    []string // the worker's argv
	env     []string
	proc    *os.File // /proc, held open: switch_root moves it into the new root
	control *os.File // PID 1's socket, handed to the first worker only
	state   resume
	sleep   func(time.Duration)

	current  atomic.Int32 // the running worker's pid, for the signals
	switched atomic.Bool  // state.Worker.Switched, for the signals
}

// supervise is the keeper's main as PID 1 started it.
func supervise() {
	log := &bootlog.Logger{Console: os.Stdout}
	log.OpenKmsg()
	s, err := newSupervisor(log, "/proc/self/exe", os.NewFile(controlFD, "keeper-control"))
	if err != nil {
		log.Errorf("keeper: %v", err)
		os.Exit(1)
	}
	s.handleSignals()
	os.Exit(s.run())
}

// handleSignals gives the supervisor the worker's policy (keeper.handleSignals):
// SIGHUP and SIGINT ignored, SIGTERM too once in the new root; before the
// switch, SIGTERM is PID 1 ending the boot: it is passed to the worker and
// the supervisor exits.
func (s *supervisor) handleSignals() {
	c := make(chan os.Signal, 4)
	signal.Notify(c, unix.SIGHUP, unix.SIGINT, unix.SIGTERM)
	go func() {
		for sig := range c {
			if sig == unix.SIGTERM && !s.switched.Load() {
				if pid := s.current.Load(); pid > 0 {
					_ = unix.Kill(int(pid), unix.SIGTERM)
				}
				os.Exit(0)
			}
			s.log.Infof("keeper: %v ignored: the root lives on this link (SIGKILL stops the keeper)", sig)
		}
	}()
}

func newSupervisor(log *bootlog.Logger, exe string, control *os.File) (*supervisor, error) {
	proc, err := os.Open("/proc")
	if err != nil {
		return nil, fmt.Errorf("open /proc: %w", err)
	}
	conf, err := os.ReadFile(layout.WiFiConfig.Path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", layout.WiFiConfig.Path, err)
	}
	eapFiles, err := readEAPFiles(os.DirFS("/"))
	if err != nil {
		return nil, err
	}
	return &supervisor{
		log: log, exe: exe, argv: []string{Name, workerArg}, env: os.Environ(),
		proc: proc, control: control, state: resume{WiFiConfig: conf, EAPFiles: eapFiles}, sleep: time.Sleep,
	}, nil
}

// run starts workers until one ends before the switch, and returns the exit
// code for the supervisor.
func (s *supervisor) run() int {
	for attempt := 1; ; attempt++ {
		started := time.Now()
		w, err := s.start()
		if err != nil {
			s.log.Errorf("keeper: %v", err)
			return 1
		}
		code := s.wait(w)
		if !s.state.Worker.Switched {
			return code
		}
		if time.Since(started) >= stableAfter {
			attempt = 1
		}
		d := restartBackoff.Delay(attempt)
		s.log.Warnf("keeper: starting a new worker in %v (restart %d)", d, attempt)
		s.sleep(d)
	}
}

// worker is one running worker and the supervisor's ends of its pipes.
type worker struct {
	proc          *os.Process
	status, crash *os.File
}

// start starts a worker with the state it needs.
func (s *supervisor) start() (*worker, error) {
	resumeR, resumeW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("start worker: %w", err)
	}
	defer resumeR.Close()
	statusR, statusW, err := os.Pipe()
	if err != nil {
		resumeW.Close()
		return nil, fmt.Errorf("start worker: %w", err)
	}
	defer statusW.Close()
	crashR, crashW, err := os.Pipe()
	if err != nil {
		resumeW.Close()
		statusR.Close()
		return nil, fmt.Errorf("start worker: %w", err)
	}
	defer crashW.Close()
	p, err := os.StartProcess(s.exe, s.argv, &os.ProcAttr{
		Dir: "/", Env: s.env,
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr, s.control, resumeR, statusW, crashW},
	})
	if s.control != nil {
		s.control.Close() // the worker's now: PID 1 sees EOF when it ends
		s.control = nil
	}
	if err != nil {
		resumeW.Close()
		statusR.Close()
		crashR.Close()
		return nil, fmt.Errorf("start worker: %w", err)
	}
	go func() { // the configuration may outgrow a pipe's buffer
		defer resumeW.Close()
		_ = writeJSON(resumeW, s.state)
	}()
	s.current.Store(int32(p.Pid))
	return &worker{proc: p, status: statusR, crash: crashR}, nil
}

// wait follows a worker's reports until it ends, and returns its exit code.
func (s *supervisor) wait(w *worker) int {
	crashed := make(chan []byte, 1)
	go func() {
		report, _ := io.ReadAll(io.LimitReader(w.crash, 1<<20))
		w.crash.Close()
		crashed <- report
	}()
	s.follow(w) // until the worker's end of the pipe closes: it has ended
	w.status.Close()
	st, err := w.proc.Wait()
	report := <-crashed
	if err != nil {
		s.log.Errorf("keeper: wait for worker %d: %v", w.proc.Pid, err)
		return 1
	}
	s.reportEnd(w.proc.Pid, st, string(report))
	return st.ExitCode()
}

// follow reads the worker's state as it changes; once it has entered the new
// root, the supervisor follows it there, so that /proc/self/exe and /dev/kmsg
// resolve for the next worker, and logs to the kernel log only.
func (s *supervisor) follow(w *worker) {
	sc := bufio.NewScanner(w.status)
	for sc.Scan() {
		var ws workerState
		if err := json.Unmarshal(sc.Bytes(), &ws); err != nil {
			s.log.Warnf("keeper: worker %d: %v", w.proc.Pid, err)
			continue
		}
		if ws.Switched && !s.state.Worker.Switched {
			if err := s.enterRootOf(w.proc.Pid); err != nil {
				s.log.Errorf("keeper: %v: the worker will not be restarted", err)
				ws.Switched = false
			}
		}
		s.state.Worker = ws
		s.switched.Store(ws.Switched)
	}
}

// enterRootOf makes the root of process pid ours, through the /proc opened
// before switch_root moved it.
func (s *supervisor) enterRootOf(pid int) error {
	fd, err := unix.Openat(int(s.proc.Fd()), strconv.Itoa(pid)+"/root", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("follow worker %d into the new root: open its root: %w", pid, err)
	}
	defer unix.Close(fd)
	if err := unix.Fchdir(fd); err != nil {
		return fmt.Errorf("follow worker %d into the new root: %w", pid, err)
	}
	if err := unix.Chroot("."); err != nil {
		return fmt.Errorf("follow worker %d into the new root: chroot: %w", pid, err)
	}
	s.log.SetConsole(nil)
	return nil
}

// reportEnd logs how a worker ended; a crash with its reason and stack,
// in the kernel log, where it outlives the console's scrollback.
func (s *supervisor) reportEnd(pid int, st *os.ProcessState, report string) {
	reason, stack := crashSummary(report)
	switch {
	case reason != "":
		s.log.Errorf("keeper: worker %d crashed: %s", pid, reason)
		s.log.Errorf("keeper: worker %d stack: %s", pid, stack)
	case !st.Success():
		s.log.Warnf("keeper: worker %d ended: %v", pid, st)
	}
}
