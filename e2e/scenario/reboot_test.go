package scenario

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/u-root/u-root/pkg/cpio"
)

// rebootScenario is a valid scenario that edits its card and reboots.
func rebootScenario() Scenario {
	return rebootScenarios()[1]
}

func TestValidateReboot(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*Scenario)
		wantErr string // a substring of the error; "" for none
	}{
		{name: "good", change: func(*Scenario) {}},
		{name: "no networks on the card", change: func(s *Scenario) { s.Boot.Card.WiFi = false }, wantErr: "needs a Wi-Fi network and Card.WiFi"},
		{name: "same SSID", change: func(s *Scenario) { s.Boot.Card.Reboot.Network.AP.SSID = testSSID }, wantErr: "another SSID and another pass-phrase"},
		{name: "same pass-phrase", change: func(s *Scenario) { s.Boot.Card.Reboot.Network.AP.Passphrase = testPassphrase }, wantErr: "another SSID and another pass-phrase"},
		{name: "open network", change: func(s *Scenario) { s.Boot.Card.Reboot.Network.AP.Passphrase = "" }, wantErr: "another SSID and another pass-phrase"},
		{name: "faults", change: func(s *Scenario) { s.Faults = []Fault{Rekey{GroupEvery: 5}} }, wantErr: "no faults"},
		{name: "802.1X", change: func(s *Scenario) { s.Boot.Card.Reboot.Network.AP.EAP = &testbed.EAPServer{} }, wantErr: "no 802.1X"},
		{name: "second boot never ends", change: func(s *Scenario) { s.Boot.Card.Reboot.Checks = Checks{} }, wantErr: "no end condition"},
		{
			name:    "station without network",
			change:  func(s *Scenario) { s.Boot.Card.Reboot.Network.Station = Station{Config: "country=DE\n"} },
			wantErr: "station configuration has no network={...} block",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := rebootScenario()
			c, r := *s.Boot.Card, *s.Boot.Card.Reboot
			c.Reboot, s.Boot.Card = &r, &c
			tt.change(&s)
			err := s.Validate(machine.Boards)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestRebooted: the second boot has the edited network and its own checks, an
// edited card, and no third boot; the scenario itself is left as it was.
func TestRebooted(t *testing.T) {
	s := rebootScenario()
	again := s.rebooted()
	if w := again.Network.(WiFi); w.AP.SSID != movedSSID || !strings.Contains(w.Station.Config, movedSSID) {
		t.Errorf("second boot's network: AP %q, station %q; want %q", w.AP.SSID, w.Station.Config, movedSSID)
	}
	if !again.Boot.Card.edited || again.reboots() || !again.appliance() || !again.Boot.Card.WiFi {
		t.Errorf("second boot's card = %+v, want edited, the app and Wi-Fi on it, no third boot", *again.Boot.Card)
	}
	if again.Checks.Expect[0].String() != apUp(moved.AP).String() {
		t.Errorf("second boot's first expectation = %v, want %v", again.Checks.Expect[0], apUp(moved.AP))
	}
	if s.Boot.Card.edited || !s.reboots() || s.Network.(WiFi).AP.SSID != testSSID {
		t.Errorf("rebooted changed the scenario: card %+v, network %q", *s.Boot.Card, s.Network.(WiFi).AP.SSID)
	}
}

// fakeAirroot is an airroot that counts its runs in dir/runs and writes an
// archive that differs on every run.
func fakeAirroot(t *testing.T, dir string) string {
	path := filepath.Join(dir, "airroot")
	script := `#!/bin/sh
echo run >> "` + filepath.Join(dir, "runs") + `"
while [ "$1" != -o ]; do shift; done
head -c 1001 /dev/urandom > "$2"
echo built
`
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestInitramfsAcrossReboot: airroot build runs on the first boot only; the
// second boot's initramfs starts with the same archive and carries the
// second boot's test files; airrootSum sees the same sum, and another archive
// changes it.
func TestInitramfsAcrossReboot(t *testing.T) {
	dir, work := t.TempDir(), t.TempDir()
	kernel := filepath.Join(dir, "vmlinuz")
	if err := os.WriteFile(kernel, []byte("a kernel"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := rebootScenario()
	e := &Env{Kernels: map[string]artifact.KernelFiles{s.Board: {Vmlinuz: kernel}}}
	initrd := filepath.Join(work, "initrd.img")
	var sums []string
	for i, boot := range []Scenario{s, s.rebooted()} {
		spec := artifact.InitramfsSpec{Airroot: fakeAirroot(t, dir),
			Extra: []cpio.Record{artifact.FileRecord("/e2e/ssid", []byte(boot.Network.(WiFi).AP.SSID), 0o644)}}
		if _, err := e.initramfs(context.Background(), boot, spec, work, initrd); err != nil {
			t.Fatalf("boot %d: %v", i+1, err)
		}
		data, err := os.ReadFile(initrd)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(boot.Network.(WiFi).AP.SSID)) {
			t.Errorf("boot %d: initramfs lacks its test files", i+1)
		}
		sum, err := e.airrootSum(s, work)
		if err != nil {
			t.Fatal(err)
		}
		sums = append(sums, sum)
	}
	if runs, _ := os.ReadFile(filepath.Join(dir, "runs")); string(runs) != "run\n" {
		t.Errorf("airroot build ran %d times over two boots, want once", strings.Count(string(runs), "run"))
	}
	if sums[0] != sums[1] {
		t.Errorf("airroot's sums differ across boots: %s, %s", sums[0], sums[1])
	}
	// A rebuilt archive (the fake writes random bytes) must show.
	if _, err := e.initramfs(context.Background(), s, artifact.InitramfsSpec{Airroot: fakeAirroot(t, dir)}, work, initrd); err != nil {
		t.Fatal(err)
	}
	if sum, err := e.airrootSum(s, work); err != nil || sum == sums[0] {
		t.Errorf("airrootSum after a rebuild = %s, %v; want another sum than %s", sum, err, sums[0])
	}
}

func TestFailOnPassphrase(t *testing.T) {
	tests := []struct {
		name, console string
		wantFail      bool
	}{
		{name: "hashed", console: "airroot: bootpart: /boot/wpa_supplicant.conf holds a clear pass-phrase\n"},
		{name: "printed", console: "psk=\"" + movedPassphrase + "\"\n", wantFail: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := filepath.Join(t.TempDir(), "console.log")
			if err := os.WriteFile(log, []byte(tt.console), 0o644); err != nil {
				t.Fatal(err)
			}
			r := failOnPassphrase(ScenarioReport{Status: StatusPass, ConsoleLog: log}, moved)
			if (r.Status == StatusFail) != tt.wantFail {
				t.Errorf("failOnPassphrase: %s %q, want failed %v", r.Status, r.Failure, tt.wantFail)
			}
		})
	}
}
