//go:build e2e

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/scenario"
)

// TestScenarios boots every scenario whose board is selected (AIRROOT_E2E_BOARDS, default
// both), the Wi-Fi ones unless AIRROOT_E2E_WIFI=0, on AIRROOT_E2E_PARALLEL (default 2)
// CPUs as scenario.Schedule shares them out, and writes out/e2e/report.json whatever
// happens.
func TestScenarios(t *testing.T) {
	repo, err := artifact.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(repo, "out", "e2e")
	reportPath := filepath.Join(outDir, "report.json")
	rec := &scenario.Recorder{}
	defer func() {
		rep := rec.Report(time.Now())
		if err := scenario.WriteReport(reportPath, rep); err != nil {
			t.Error(err)
		}
		t.Logf("report: %s", reportPath)
		for _, f := range rep.Failures() {
			t.Logf("failed: %s", f)
		}
	}()
	if err := scenario.ValidateScenarios(scenario.Scenarios, machine.Boards); err != nil {
		t.Fatal(err)
	}
	boards, err := machine.SelectBoards(os.Getenv("AIRROOT_E2E_BOARDS"))
	if err != nil {
		t.Fatal(err)
	}
	wifi := scenario.WiFiEnabled(os.Getenv(scenario.WiFiEnv))
	env, err := setUp(t, repo, outDir, boards)
	if err == nil {
		err = setUpWiFi(t, repo, env, boards, wifi)
	}
	if err != nil {
		for _, s := range scenario.Scenarios {
			rec.Add(scenario.FailedReport(s, "set up: "+err.Error()))
		}
		t.Fatal(err)
	}
	runAll(t, env, boards, wifi, rec)
}

// setUp checks the binaries under test and the emulator, builds the guest and fetches
// the kernels of the selected boards.
func setUp(t *testing.T, repo, outDir string, boards map[string]bool) (*scenario.Env, error) {
	return scenario.SetUp(context.Background(), repo, outDir, t.TempDir(), boards, t.Logf)
}

// setUpWiFi builds the access-point fixture, fetches hostapd for each architecture and
// indexes each board's modules, for the Wi-Fi scenarios that will run (none: nothing).
func setUpWiFi(t *testing.T, repo string, env *scenario.Env, boards map[string]bool, wifi bool) error {
	wifiBoards := map[string]bool{}
	for _, s := range scenario.Scenarios {
		if _, ok := s.Network.(scenario.WiFi); ok && scenario.SkipReason(s, boards, wifi) == "" {
			wifiBoards[s.Board] = true
		}
	}
	return env.SetUpWiFi(context.Background(), repo, t.TempDir(), wifiBoards)
}

// runAll runs every scenario as a subtest of "boot", each when the schedule says: not
// with t.Parallel, whose -parallel (GOMAXPROCS by default) would start them in its own
// order and leave the schedule's turn waiting for one it has not started.
func runAll(t *testing.T, env *scenario.Env, boards map[string]bool, wifi bool, rec *scenario.Recorder) {
	sched := scenario.NewSchedule(scenario.Scenarios, parallelism(t))
	ctx, cancel := testContext(t)
	defer cancel()
	r := runner{env: env, boards: boards, wifi: wifi, rec: rec}
	t.Run("boot", func(t *testing.T) {
		var wg sync.WaitGroup
		for _, s := range scenario.Scenarios {
			wg.Add(1)
			go func() {
				defer wg.Done()
				turn := sched.Start(s)
				defer turn.Done()
				t.Run(s.Name, func(t *testing.T) { r.run(ctx, t, s, turn) })
			}()
		}
		wg.Wait()
	})
}

// runner is what every scenario's run shares.
type runner struct {
	env    *scenario.Env
	boards map[string]bool
	wifi   bool
	rec    *scenario.Recorder
}

// run boots s, unless the run leaves it out, and records how it went.
func (r runner) run(ctx context.Context, t *testing.T, s scenario.Scenario, turn *scenario.Turn) {
	if reason := scenario.SkipReason(s, r.boards, r.wifi); reason != "" {
		r.rec.Add(scenario.SkippedReport(s, reason))
		t.Skip(reason)
	}
	e := *r.env
	e.Logf, e.Quiet = t.Logf, turn.Quiet
	rep := e.Run(ctx, s, t.TempDir())
	r.rec.Add(rep)
	if rep.Status != scenario.StatusPass {
		t.Errorf("%s failed: %s\nconsole: %s", s.Name, rep.Failure, rep.ConsoleLog)
		return
	}
	t.Logf("%s passed in %.1f s of QEMU time; console: %s", s.Name, rep.WallSeconds, rep.ConsoleLog)
}

// testContext ends a little before go test's -timeout would, so scenarios fail with a
// reason and the report gets written instead of the binary panicking.
func testContext(t *testing.T) (context.Context, context.CancelFunc) {
	deadline, ok := t.Deadline()
	if !ok {
		return context.WithCancel(context.Background())
	}
	return context.WithDeadline(context.Background(), deadline.Add(-30*time.Second))
}

func parallelism(t *testing.T) int {
	v := os.Getenv("AIRROOT_E2E_PARALLEL")
	if v == "" {
		return 2
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("AIRROOT_E2E_PARALLEL=%q: want a positive number", v)
	}
	return n
}
