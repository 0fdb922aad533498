package boot

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/airroot/airroot/init/app"
	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/internal/testutil"
	"golang.org/x/sys/unix"
)

// helperDir is where TestPID1Signals's helpers find their files.
const helperDir = "AIRROOT_TEST_PID1_DIR"

// TestMain lets the test binary play PID 1 of a pid namespace, and a
// process PID 1 starts, for TestPID1Signals.
func TestMain(m *testing.M) {
	switch os.Getenv(testutil.HelperEnv) {
	case "pid1":
		playPID1(os.Getenv(helperDir))
	case "child":
		playChild(os.Getenv(helperDir))
	case "app-pid1":
		playAppliancePID1(os.Getenv(helperDir), "app", app.OnFailure)
	case "app":
		playApp(os.Getenv(helperDir))
	case "app-pid1-term":
		playAppliancePID1(os.Getenv(helperDir), "child", app.Always)
	case "orphan":
		time.Sleep(100 * time.Millisecond)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// playPID1 is airroot's PID 1 in a boot that cannot finish: signals
// handled, Ctrl-Alt-Del caught, a new root mounted (a tmpfs), a process
// running (playChild), waiting in halt for a reset. It never returns.
func playPID1(dir string) {
	b := &Boot{Log: &bootlog.Logger{Console: os.Stdout}}
	b.handleSignals()
	b.catchCtrlAltDel()
	newRootDir = filepath.Join(dir, "newroot")
	if err := unix.Mount("tmpfs", newRootDir, "tmpfs", 0, ""); err != nil {
		b.halt(fmt.Errorf("mount the new root: %w", err))
	}
	exe, _ := os.Executable()
	env := []string{testutil.HelperEnv + "=child", helperDir + "=" + dir}
	if _, err := os.StartProcess(exe, []string{"child"}, &os.ProcAttr{Env: env,
		Files: []*os.File{nil, os.Stdout, os.Stderr}}); err != nil {
		b.halt(fmt.Errorf("start the child: %w", err))
	}
	for !exists(filepath.Join(dir, "child-ready")) {
		time.Sleep(10 * time.Millisecond)
	}
	b.halt(errors.New("no network"))
}

// playChild waits for SIGTERM and notes it in dir.
func playChild(dir string) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, unix.SIGTERM)
	if err := os.WriteFile(filepath.Join(dir, "child-ready"), nil, 0o644); err != nil {
		os.Exit(2)
	}
	<-c
	_ = os.WriteFile(filepath.Join(dir, "child-terminated"), nil, 0o644)
	os.Exit(0)
}

// TestPID1Signals runs PID 1 as PID 1 of a new pid namespace (and a mount
// namespace of its own) and signals it from outside: SIGHUP, SIGQUIT and
// SIGABRT must leave it alive; SIGINT (Ctrl-Alt-Del) must stop its
// processes politely, unmount the new root and reboot for real, which in a
// pid namespace ends the namespace's init with SIGHUP (pid_namespaces(7)).
func TestPID1Signals(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root for a pid namespace")
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "newroot"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd, console, exited := startPID1(t, "pid1", dir)
	console.WaitFor(t, "waiting: fix the problem above")

	for _, sig := range []unix.Signal{unix.SIGHUP, unix.SIGQUIT, unix.SIGABRT} {
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		console.WaitFor(t, sig.String()+": ignored (PID 1 never exits)")
		select {
		case err := <-exited:
			t.Fatalf("PID 1 ended on %v: %v\n%s", sig, err, console)
		case <-time.After(200 * time.Millisecond):
		}
	}

	if err := cmd.Process.Signal(unix.SIGINT); err != nil {
		t.Fatal(err)
	}
	awaitReboot(t, exited, console)
	for _, want := range []string{"Ctrl-Alt-Del (SIGINT): rebooting", "shutdown: sent terminated to every process",
		"shutdown: unmounted " + filepath.Join(dir, "newroot")} {
		if !strings.Contains(console.String(), want) {
			t.Errorf("console lacks %q:\n%s", want, console)
		}
	}
	if !exists(filepath.Join(dir, "child-terminated")) {
		t.Errorf("PID 1's child got no SIGTERM before the reboot:\n%s", console)
	}
}

// awaitReboot waits for PID 1 of a pid namespace to reboot, which ends it
// with SIGHUP (pid_namespaces(7)).
func awaitReboot(t *testing.T, exited <-chan error, console *testutil.Buffer) {
	t.Helper()
	var err error
	select {
	case err = <-exited:
	case <-time.After(20 * time.Second):
		t.Fatalf("PID 1 did not reboot:\n%s", console)
	}
	var ee *exec.ExitError
	if ws, _ := exitStatus(err, &ee); !ws.Signaled() || ws.Signal() != unix.SIGHUP {
		t.Errorf("PID 1 ended with %v, want killed by SIGHUP (reboot(RESTART) in a pid namespace)\n%s", err, console)
	}
}

// startConsole starts cmd with its output copied into the returned console.
// startPID1 starts the test binary as role, PID 1 of a new pid namespace
// with a mount namespace of its own, its files in dir; exited gets its end.
func startPID1(t *testing.T, role, dir string) (*exec.Cmd, *testutil.Buffer, <-chan error) {
	t.Helper()
	cmd := exec.Command(testutil.HelperBinary(t, role))
	cmd.Env = append(os.Environ(), helperDir+"="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWPID, Unshareflags: syscall.CLONE_NEWNS}
	console := startConsole(t, cmd)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	return cmd, console, exited
}

func startConsole(t *testing.T, cmd *exec.Cmd) *testutil.Buffer {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start PID 1 in a pid namespace: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	console := &testutil.Buffer{}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			fmt.Fprintln(console, sc.Text())
		}
	}()
	return console
}

// exitStatus is the wait status of a finished command.
func exitStatus(err error, ee **exec.ExitError) (syscall.WaitStatus, bool) {
	if !errors.As(err, ee) {
		return 0, false
	}
	ws, ok := (*ee).Sys().(syscall.WaitStatus)
	return ws, ok
}
