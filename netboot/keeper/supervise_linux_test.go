package keeper

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot"
)

// Helper roles of this test binary (testutil.HelperEnv).
const (
	roleSupervisor = "keeper-supervisor"
	roleWorker     = "keeper-worker"
	resultEnv      = "AIRROOT_TEST_KEEPER_RESULT" // where the restarted worker writes what it got
)

const testWiFiConfig = "network={\n\tssid=\"home\"\n\tpsk=\"correct horse battery staple\"\n}\n"

func TestMain(m *testing.M) {
	switch os.Getenv(testutil.HelperEnv) {
	case roleSupervisor:
		os.Exit(testSupervisor())
	case roleWorker:
		os.Exit(testWorker())
	}
	os.Exit(m.Run())
}

// testSupervisor is the real supervisor, but for a fake worker and a Wi-Fi
// configuration of its own; its kernel log is its stdout.
func testSupervisor() int {
	proc, err := os.Open("/proc")
	if err != nil {
		return 10
	}
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, testutil.HelperEnv+"=") })
	s := &supervisor{
		log: &bootlog.Logger{Console: os.Stdout, Kmsg: os.Stdout}, exe: "/proc/self/exe", argv: []string{Name, workerArg},
		env:  append(env, testutil.HelperEnv+"="+roleWorker, PanicTestEnv+"=1"),
		proc: proc, state: resume{WiFiConfig: []byte(testWiFiConfig)}, sleep: time.Sleep,
	}
	return s.run()
}

// testResult is what the restarted worker saw.
type testResult struct {
	Args   []string
	Env    []string
	Resume resume
}

// testWorker is a worker with the real start-up (crash output, resume, the
// test panic) and a fake job: the first one reports that it switched roots
// and panics on SIGUSR2; the next one writes what it was given and reports
// that it is not switched, which ends the supervision.
func testWorker() int {
	res, status, err := startWorker(&bootlog.Logger{Console: os.Stderr})
	if err != nil {
		return 11
	}
	if !res.Worker.Switched {
		_ = writeJSON(status, workerState{Switched: true, SSID: "home", Frequency: 2437, Net: &netboot.State{Interface: "wlan0"}})
		time.Sleep(500 * time.Millisecond) // the supervisor follows us into our root meanwhile
		_ = syscall.Kill(os.Getpid(), syscall.SIGUSR2)
		time.Sleep(10 * time.Second) // the panic ends us first
		return 12
	}
	var b bytes.Buffer
	if writeJSON(&b, testResult{Args: os.Args, Env: os.Environ(), Resume: res}) != nil || os.WriteFile(os.Getenv(resultEnv), b.Bytes(), 0o600) != nil {
		return 13
	}
	_ = writeJSON(status, workerState{})
	return 0
}

// TestSupervisorRestartsPanickedWorker runs a supervisor from a binary that is
// deleted once it runs (as /init is after switch_root): its worker panics in a
// goroutine after the switch, and a new worker must start, from
// /proc/self/exe, with argv[0] "@airroot", the Wi-Fi configuration and the
// last worker's state, while the crash and its stack are logged.
func TestSupervisorRestartsPanickedWorker(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the supervisor chroots into its worker's root: needs root")
	}
	dir := t.TempDir()
	self, err := os.ReadFile(testutil.HelperBinary(t, roleSupervisor))
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "init")
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	result := filepath.Join(dir, "result.json")
	var out bytes.Buffer
	cmd := &exec.Cmd{Path: bin, Args: []string{Name}, Env: append(os.Environ(), resultEnv+"="+result), Stdout: &out, Stderr: &out}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(bin); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(30*time.Second, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("supervisor: %v\n%s", err, out.String())
	}
	var got testResult
	data, err := os.ReadFile(result)
	if err != nil {
		t.Fatalf("no restarted worker: %v\n%s", err, out.String())
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if want := []string{Name, workerArg}; !slices.Equal(got.Args, want) {
		t.Errorf("restarted worker's argv = %q, want %q", got.Args, want)
	}
	if string(got.Resume.WiFiConfig) != testWiFiConfig {
		t.Errorf("restarted worker's Wi-Fi configuration = %q", got.Resume.WiFiConfig)
	}
	if w := got.Resume.Worker; !w.Switched || w.SSID != "home" || w.Frequency != 2437 || w.Net == nil || w.Net.Interface != "wlan0" {
		t.Errorf("restarted worker's state = %+v, want the last worker's", w)
	}
	for _, say := range []string{
		"crashed: panic: keeper: SIGUSR2 with " + PanicTestEnv + " set: a test asked for this panic",
		"stack: github.com/airroot/airroot/netboot/keeper.armPanicTest.func1",
		"starting a new worker in 1s (restart 1)",
		"<3>airroot: keeper: worker ", // at error level, in the kernel log (the console is the new system's)
	} {
		if !strings.Contains(out.String(), say) {
			t.Errorf("the supervisor does not say %q:\n%s", say, out.String())
		}
	}
}
