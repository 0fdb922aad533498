package scenario

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/google/go-cmp/cmp"
)

func TestNewScenarioReport(t *testing.T) {
	s := Scenario{Name: "virt-ethernet", Board: "virt"}
	checks := []guestproto.Check{{Name: "pid1", Pass: true}}
	obs := observation{
		Timeline: &machine.Timeline{Steps: []machine.Step{{Name: "nfs", Start: 3, End: 3.5}}},
		Result:   &guestproto.Result{Mode: guestproto.ModeNewRoot, Pass: true, Checks: checks, UptimeSeconds: 4.25},
	}
	up := 4.25
	tests := []struct {
		name    string
		obs     observation
		failure string
		want    ScenarioReport
	}{
		{
			name: "new root",
			obs:  obs,
			want: ScenarioReport{Name: "virt-ethernet", Board: "virt", Status: StatusPass, WallSeconds: 12.346,
				Timeline: obs.Timeline.Steps, KernelToNewRootSeconds: &up, GuestChecks: checks, ConsoleLog: "c.log"},
		},
		{
			name: "app",
			obs:  observation{Result: &guestproto.Result{Mode: guestproto.ModeApp, Pass: true, Checks: checks, UptimeSeconds: 4.25}},
			want: ScenarioReport{Name: "virt-ethernet", Board: "virt", Status: StatusPass, WallSeconds: 12.346,
				KernelToAppSeconds: &up, GuestChecks: checks, ConsoleLog: "c.log"},
		},
		{
			name:    "rescue shell has no new-root time",
			obs:     observation{Result: &guestproto.Result{Mode: guestproto.ModeRescue, Checks: checks}},
			failure: "guest checks failed",
			want: ScenarioReport{Name: "virt-ethernet", Board: "virt", Status: StatusFail, Failure: "guest checks failed",
				WallSeconds: 12.346, GuestChecks: checks, ConsoleLog: "c.log"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newScenarioReport(s, tt.obs, tt.failure, 12345678*time.Microsecond, "c.log")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("newScenarioReport() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteReport(t *testing.T) {
	var rec Recorder
	rec.Add(FailedReport(Scenario{Name: "b", Board: "virt"}, "set up: no kernel"))
	rec.Add(SkippedReport(Scenario{Name: "a", Board: "raspi1ap"}, "board not selected"))
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "out", "e2e", "report.json")
	if err := WriteReport(path, rec.Report(at)); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got Report
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("report.json is not JSON: %v\n%s", err, data)
	}
	want := Report{Generated: at, Scenarios: []ScenarioReport{
		{Name: "a", Board: "raspi1ap", Status: StatusSkip, SkipReason: "board not selected"},
		{Name: "b", Board: "virt", Status: StatusFail, Failure: "set up: no kernel"},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("report.json (-want +got):\n%s", diff)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("report folder holds %d entries, want only report.json", len(entries))
	}
}

func TestReportFailures(t *testing.T) {
	var rec Recorder
	rec.Add(FailedReport(Scenario{Name: "virt-fleet-nfs4", Board: "virt"}, "server side: ganesha holds 1 NFSv4 client(s)"))
	rec.Add(SkippedReport(Scenario{Name: "a", Board: "raspi1ap"}, "board not selected"))
	rec.Add(ScenarioReport{Name: "virt-ethernet", Board: "virt", Status: StatusPass})
	rec.Add(FailedReport(Scenario{Name: "b", Board: "virt"}, "set up: no kernel"))
	got := rec.Report(time.Now()).Failures()
	want := []string{"b: set up: no kernel", "virt-fleet-nfs4: server side: ganesha holds 1 NFSv4 client(s)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Failures() (-want +got):\n%s", diff)
	}
}
