package boot

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/airroot/airroot/init/app"
	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/internal/backoff"
	"github.com/airroot/airroot/internal/testutil"
)

// playAppliancePID1 is PID 1 in appliance mode with the test binary as its
// app, playing role (playApp, playChild), restarted as policy says, then a
// reboot. It never returns.
func playAppliancePID1(dir, role string, policy app.Policy) {
	b := &Boot{Log: &bootlog.Logger{Console: os.Stdout}, app: &app.Config{Restart: policy, Done: app.Reboot}}
	b.handleSignals()
	app.Backoff = backoff.Backoff{Initial: 50 * time.Millisecond, Max: 100 * time.Millisecond}
	os.Setenv(testutil.HelperEnv, role)
	os.Setenv(helperDir, dir)
	exe, _ := os.Executable()
	b.superviseApp(exe, []string{dir})
}

// playApp is one run of the app: it leaves an orphan behind for PID 1 to
// reap, says which run it is, and fails twice, then succeeds.
func playApp(dir string) {
	countFile := filepath.Join(dir, "runs")
	raw, _ := os.ReadFile(countFile)
	n, _ := strconv.Atoi(string(raw))
	n++
	_ = os.WriteFile(countFile, []byte(strconv.Itoa(n)), 0o644)
	exe, _ := os.Executable()
	env := []string{testutil.HelperEnv + "=orphan"}
	if _, err := os.StartProcess(exe, []string{"orphan"}, &os.ProcAttr{Env: env}); err != nil {
		os.Exit(100)
	}
	fmt.Printf("app run %d\n", n)
	if n < 3 {
		os.Exit(3)
	}
	time.Sleep(time.Second) // the test looks for zombies meanwhile
	os.Exit(0)
}

// TestPID1SupervisesApp runs PID 1 in appliance mode as PID 1 of a new pid
// namespace: the app that exits 3 twice must be started again, each end
// logged with its status and counted, its orphans reaped; once it exits 0,
// airroot.app.restart=on-failure gives up and airroot.app.done=reboot
// reboots, which in a pid namespace ends its init with SIGHUP.
func TestPID1SupervisesApp(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root for a pid namespace")
	}
	dir := t.TempDir()
	cmd, console, exited := startPID1(t, "app-pid1", dir)

	for _, want := range []string{"app run 1", "ended: exit status 3 (1 ended, 1 failed)", "app run 2",
		"ended: exit status 3 (2 ended, 2 failed)", "app run 3"} {
		console.WaitFor(t, want)
	}
	time.Sleep(300 * time.Millisecond) // the orphans of runs 1 and 2 have ended
	if z := zombieChildren(t, cmd.Process.Pid); len(z) > 0 {
		t.Errorf("PID 1 left zombies %v:\n%s", z, console)
	}
	console.WaitFor(t, "ended: exit status 0 (3 ended, 2 failed)")
	console.WaitFor(t, "not started again (airroot.app.restart=on-failure): rebooting")
	awaitReboot(t, exited, console)
	if strings.Count(console.String(), "app run ") != 3 {
		t.Errorf("want three runs:\n%s", console)
	}
}

// zombieChildren lists pid's children that have ended and wait to be reaped.
func zombieChildren(t *testing.T, pid int) []int {
	t.Helper()
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	if err != nil {
		t.Fatal(err)
	}
	var zombies []int
	for _, task := range tasks {
		raw, _ := os.ReadFile(task)
		for _, f := range strings.Fields(string(raw)) {
			stat, _ := os.ReadFile("/proc/" + f + "/stat")
			// pid (comm) STATE ...: the state follows the last ')'.
			if i := strings.LastIndexByte(string(stat), ')'); i > 0 && strings.HasPrefix(string(stat[i+1:]), " Z") {
				n, _ := strconv.Atoi(f)
				zombies = append(zombies, n)
			}
		}
	}
	return zombies
}

// TestPID1StopsApp sends PID 1 in appliance mode SIGTERM (what busybox's
// reboot sends) while the app runs, with airroot.app.restart=always: the app
// must get SIGTERM and must not be started again; the system reboots.
func TestPID1StopsApp(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root for a pid namespace")
	}
	dir := t.TempDir()
	cmd, console, exited := startPID1(t, "app-pid1-term", dir)
	deadline := time.Now().Add(5 * time.Second)
	for !exists(filepath.Join(dir, "child-ready")) {
		if time.Now().After(deadline) {
			t.Fatalf("the app did not start:\n%s", console)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	awaitReboot(t, exited, console)
	if !exists(filepath.Join(dir, "child-terminated")) {
		t.Errorf("the app got no SIGTERM before the reboot:\n%s", console)
	}
	if strings.Contains(console.String(), "again in") {
		t.Errorf("the app was started again during the shutdown:\n%s", console)
	}
}
