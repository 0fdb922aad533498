package scenario

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
)

// Status is a scenario's outcome.
type Status string

const (
	StatusPass Status = "pass"
	StatusFail Status = "fail"
	StatusSkip Status = "skip"
)

// ScenarioReport is one scenario's line in report.json.
type ScenarioReport struct {
	Name        string  `json:"name"`
	Board       string  `json:"board"`
	Status      Status  `json:"status"`
	Failure     string  `json:"failure,omitempty"`
	SkipReason  string  `json:"skip_reason,omitempty"`
	WallSeconds float64 `json:"wall_seconds"`
	// Timeline is airroot's own account of its steps, in guest seconds since boot.
	Timeline []machine.Step `json:"timeline,omitempty"`
	// KernelToNewRootSeconds is the guest's uptime when it started as the new root's init.
	KernelToNewRootSeconds *float64 `json:"kernel_to_new_root_seconds,omitempty"`
	// KernelToAppSeconds is the guest's uptime when it started as appliance mode's app.
	KernelToAppSeconds *float64           `json:"kernel_to_app_seconds,omitempty"`
	GuestChecks        []guestproto.Check `json:"guest_checks,omitempty"`
	ConsoleLog         string             `json:"console_log,omitempty"`
	// Keeper is what the guest measured of airroot's keeper in a soak.
	Keeper *guestproto.Keeper `json:"keeper,omitempty"`
	// MAC is a fleet's board's MAC; Boards are a fleet's boards, each judged alone.
	MAC    string           `json:"mac,omitempty"`
	Boards []ScenarioReport `json:"boards,omitempty"`
	// NFSRestart is what the harness did to the NFS server; BadDays sum up each
	// fault's outage, recovery and losses; Soak is a sampled soak's start and end.
	NFSRestart *NFSOutage   `json:"nfs_restart,omitempty"`
	BadDays    []BadDay     `json:"bad_days,omitempty"`
	Soak       *SoakFigures `json:"soak_figures,omitempty"`
	// Boots are a scenario's boots when it has more than one (a card edited and
	// rebooted, reboot.go); the fields above are the first boot's, but for
	// Status, Failure and WallSeconds, which cover all.
	Boots []BootReport `json:"boots,omitempty"`
}

// BootReport is one boot of a scenario that boots more than once.
type BootReport struct {
	// SSID is the access point's network, which the boot's checks saw airroot join.
	SSID        string  `json:"ssid"`
	Status      Status  `json:"status"`
	Failure     string  `json:"failure,omitempty"`
	WallSeconds float64 `json:"wall_seconds"`
	// KernelToAppSeconds and KernelToNewRootSeconds are as in ScenarioReport.
	KernelToAppSeconds     *float64 `json:"kernel_to_app_seconds,omitempty"`
	KernelToNewRootSeconds *float64 `json:"kernel_to_new_root_seconds,omitempty"`
	ConsoleLog             string   `json:"console_log"`
	// AirrootSHA256 hashes the kernel and airroot's archive as QEMU booted them:
	// the same on every boot, or the scenario fails.
	AirrootSHA256 string `json:"airroot_sha256,omitempty"`
}

// newBootReport is the report of one boot of s, r being that boot alone's
// report and sum its airroot hash.
func newBootReport(s Scenario, r ScenarioReport, sum string) BootReport {
	b := BootReport{Status: r.Status, Failure: r.Failure, WallSeconds: r.WallSeconds,
		KernelToAppSeconds: r.KernelToAppSeconds, KernelToNewRootSeconds: r.KernelToNewRootSeconds,
		ConsoleLog: r.ConsoleLog, AirrootSHA256: sum}
	if w, ok := s.Network.(WiFi); ok {
		b.SSID = w.AP.SSID
	}
	return b
}

// Report is out/e2e/report.json.
type Report struct {
	Generated time.Time        `json:"generated"`
	Scenarios []ScenarioReport `json:"scenarios"`
}

// newScenarioReport summarizes one run; failure is judge's answer.
func newScenarioReport(s Scenario, obs observation, failure string, wall time.Duration, consoleLog string) ScenarioReport {
	r := ScenarioReport{
		Name:        s.Name,
		Board:       s.Board,
		Status:      StatusPass,
		Failure:     failure,
		WallSeconds: roundMillis(wall.Seconds()),
		ConsoleLog:  consoleLog,
	}
	if failure != "" {
		r.Status = StatusFail
	}
	if obs.Timeline != nil {
		r.Timeline = obs.Timeline.Steps
	}
	r.NFSRestart, r.BadDays, r.Soak = obs.NFSRestart, badDays(s, obs), soakFigures(obs)
	if obs.Result != nil {
		r.GuestChecks = obs.Result.Checks
		r.Keeper = obs.Result.Keeper
		up := obs.Result.UptimeSeconds
		switch obs.Result.Mode {
		case guestproto.ModeNewRoot:
			r.KernelToNewRootSeconds = &up
		case guestproto.ModeApp:
			r.KernelToAppSeconds = &up
		}
	}
	return r
}

// SkippedReport is the report of a scenario that did not run, and why.
func SkippedReport(s Scenario, reason string) ScenarioReport {
	return ScenarioReport{Name: s.Name, Board: s.Board, Status: StatusSkip, SkipReason: reason}
}

// FailedReport is the report of a scenario that could not start, and why.
func FailedReport(s Scenario, reason string) ScenarioReport {
	return ScenarioReport{Name: s.Name, Board: s.Board, Status: StatusFail, Failure: reason}
}

func roundMillis(v float64) float64 { return math.Round(v*1000) / 1000 }

// Recorder collects scenario reports from parallel tests.
type Recorder struct {
	mu      sync.Mutex
	reports []ScenarioReport
}

// Add records one scenario's report.
func (r *Recorder) Add(sr ScenarioReport) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reports = append(r.reports, sr)
}

// Report returns the recorded reports sorted by scenario name.
func (r *Recorder) Report(generated time.Time) Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := Report{Generated: generated.UTC(), Scenarios: append([]ScenarioReport{}, r.reports...)}
	sort.SliceStable(rep.Scenarios, func(i, j int) bool { return rep.Scenarios[i].Name < rep.Scenarios[j].Name })
	return rep
}

// Failures are the failed scenarios of rep, each "name: why", for the end of
// the test's output, where a reader of a long log (a CI's tail) looks first.
func (rep Report) Failures() []string {
	var out []string
	for _, s := range rep.Scenarios {
		if s.Status == StatusFail {
			out = append(out, s.Name+": "+s.Failure)
		}
	}
	return out
}

// encodeReport writes rep as indented JSON.
func encodeReport(w io.Writer, rep Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("encode e2e report: %w", err)
	}
	return nil
}

// WriteReport writes rep to path atomically (a temporary file renamed into place).
func WriteReport(path string, rep Report) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write e2e report: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".report-*.json")
	if err != nil {
		return fmt.Errorf("write e2e report: %w", err)
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return fmt.Errorf("write e2e report: %w", err)
	}
	if err := encodeReport(f, rep); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write e2e report %s: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write e2e report: %w", err)
	}
	return nil
}
