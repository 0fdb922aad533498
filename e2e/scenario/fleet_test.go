package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/google/go-cmp/cmp"
)

func TestCheckServerSide(t *testing.T) {
	s := fleetScenario()
	tests := []struct {
		name  string
		spoil func(work, root string) error
		want  []string // each in one of the errors; none: no errors
	}{
		{name: "each board's file, root untouched"},
		{name: "a board wrote nothing", spoil: func(work, _ string) error {
			return os.Remove(filepath.Join(work, "boards", "52-54-00-f1-ee-02", guestproto.FleetPersistFile))
		}, want: []string{"52-54-00-f1-ee-02"}},
		{name: "a board wrote into another's folder", spoil: func(work, _ string) error {
			return os.WriteFile(filepath.Join(work, "boards", "52-54-00-f1-ee-03", guestproto.FleetPersistFile), []byte("52-54-00-f1-ee-01"), 0o644)
		}, want: []string{`holds "52-54-00-f1-ee-01"`}},
		{name: "another board's file in a board's folder", spoil: func(work, _ string) error {
			return os.WriteFile(filepath.Join(work, "boards", "52-54-00-f1-ee-01", "52-54-00-f1-ee-02"), []byte("x"), 0o644)
		}, want: []string{"52-54-00-f1-ee-01 holds", "want only"}},
		{name: "a file reached the shared root", spoil: func(_, root string) error {
			return os.WriteFile(filepath.Join(root, "fleet"), []byte("x"), 0o644)
		}, want: []string{"the shared root changed"}},
		{name: "a shared file changed", spoil: func(_, root string) error {
			later := time.Now().Add(time.Hour)
			return os.Chtimes(filepath.Join(root, "sbin", "init"), later, later)
		}, want: []string{"sbin/init"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			work := t.TempDir()
			root := filepath.Join(work, "root")
			if err := os.MkdirAll(filepath.Join(root, "sbin"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, "sbin", "init"), []byte("guest"), 0o755); err != nil {
				t.Fatal(err)
			}
			before, err := fingerprint(root)
			if err != nil {
				t.Fatal(err)
			}
			for i := range s.Fleet.Boards {
				name := guestproto.FleetName(s.Fleet.mac(i))
				dir := filepath.Join(work, "boards", name)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, guestproto.FleetPersistFile), []byte(name), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.spoil != nil {
				if err := tt.spoil(work, root); err != nil {
					t.Fatal(err)
				}
			}
			errs := checkServerSide(s, work, root, before)
			if (len(errs) == 0) != (len(tt.want) == 0) {
				t.Fatalf("checkServerSide = %v, want errors naming %q", errs, tt.want)
			}
			for _, want := range tt.want {
				if !strings.Contains(fmt.Sprint(errs), want) {
					t.Errorf("errors %v do not name %q", errs, want)
				}
			}
		})
	}
}

func TestWithMAC(t *testing.T) {
	args := []string{"-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0", "-append", "console=ttyAMA0"}
	got := withMAC(args, "52:54:00:f1:ee:01")
	if got[3] != "virtio-net-device,netdev=n0,mac=52:54:00:f1:ee:01" || args[3] != "virtio-net-device,netdev=n0" || got[5] != args[5] {
		t.Errorf("withMAC = %q (from %q)", got, args)
	}
}

func TestValidateFleet(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *Scenario)
		ok     bool
	}{
		{name: "as defined", change: func(*Scenario) {}, ok: true},
		{name: "one board", change: func(s *Scenario) { s.Fleet = &Fleet{Boards: 1} }},
		{name: "over Wi-Fi", change: func(s *Scenario) { s.Network = wpa2 }},
		{name: "with a fault", change: func(s *Scenario) { s.Faults = []Fault{DeadNFS{}} }},
		{name: "from go-nfs", change: func(s *Scenario) { s.Root.Server = GoNFS }},
		{name: "root exported as /", change: func(s *Scenario) { s.Root.Export = "" }},
		{name: "root inside the boards' export", change: func(s *Scenario) { s.Root.Export = boardsExport + "/root" }},
		{name: "boards' export inside the root", change: func(s *Scenario) { s.Root.Export = "/srv" }},
		{name: "root beside the boards' export", change: func(s *Scenario) { s.Root.Export = "/srv/boards-root" }, ok: true},
		{name: "over NFSv4", change: func(s *Scenario) { s.Root.Vers = "4.1" }, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fleetScenario()
			tt.change(&s)
			if errs := s.Fleet.validate(s); (len(errs) == 0) != tt.ok {
				t.Errorf("validate = %v, want ok %v", errs, tt.ok)
			}
		})
	}
}

// TestFleetExports: a fleet's ganesha serves the root read-only and the boards'
// folder read-write beside it; one board's root is served as it is.
func TestFleetExports(t *testing.T) {
	root := testbed.GaneshaExport{Dir: "/w/root", Path: "/srv/airroot"}
	tests := []struct {
		name  string
		fleet *Fleet
		want  []testbed.GaneshaExport
	}{
		{name: "one board", want: []testbed.GaneshaExport{root}},
		{name: "a fleet", fleet: &Fleet{Boards: 3}, want: []testbed.GaneshaExport{
			{Dir: "/w/root", Path: "/srv/airroot", ReadOnly: true},
			{Dir: "/w/boards", Path: "/srv/boards"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.fleet.exports(root, "/w")); diff != "" {
				t.Errorf("exports (-want +got):\n%s", diff)
			}
		})
	}
}
