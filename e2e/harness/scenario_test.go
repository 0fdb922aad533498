package harness

import (
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

func TestScenariosAreValid(t *testing.T) {
	if err := ValidateScenarios(Scenarios, Boards); err != nil {
		t.Error(err)
	}
}

func TestValidate(t *testing.T) {
	good := Scenario{Name: "virt-x", Board: "virt", ResultMode: guestproto.ModeNewRoot, Timeout: time.Minute}
	tests := []struct {
		name    string
		change  func(*Scenario)
		wantErr string // a substring of the error; "" for none
	}{
		{name: "good", change: func(*Scenario) {}},
		{name: "bad name", change: func(s *Scenario) { s.Name = "Virt X" }, wantErr: `name "Virt X"`},
		{name: "unknown board", change: func(s *Scenario) { s.Board = "pi5" }, wantErr: `board "pi5" is not defined`},
		{name: "no timeout", change: func(s *Scenario) { s.Timeout = 0 }, wantErr: "timeout 0s"},
		{name: "no end", change: func(s *Scenario) { s.ResultMode = "" }, wantErr: "no end condition"},
		{name: "stop pattern without count", change: func(s *Scenario) { s.StopAfter.Pattern = Pattern{"x"} }, wantErr: "StopAfter wants both"},
		{name: "rescue without rd.shell", change: func(s *Scenario) { s.ResultMode, s.RescueShell = guestproto.ModeRescue, true }, wantErr: "needs RescueShell and rd.shell"},
		{
			name: "rescue with rd.shell",
			change: func(s *Scenario) {
				s.ResultMode, s.RescueShell, s.Cmdline = guestproto.ModeRescue, true, []string{"rd.shell"}
			},
		},
		{name: "unknown mode", change: func(s *Scenario) { s.ResultMode = "elsewhere" }, wantErr: `result mode "elsewhere" is unknown`},
		{name: "empty expectation", change: func(s *Scenario) { s.Expect = []Pattern{{}} }, wantErr: "Expect[0] is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good
			tt.change(&s)
			err := s.Validate(Boards)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestValidateScenariosRejectsDuplicates(t *testing.T) {
	s := Scenario{Name: "a", Board: "virt", ResultMode: guestproto.ModeNewRoot, Timeout: time.Minute}
	err := ValidateScenarios([]Scenario{s, s}, Boards)
	if err == nil || !strings.Contains(err.Error(), "scenario a is defined twice") {
		t.Errorf("ValidateScenarios() = %v, want a duplicate error", err)
	}
}
