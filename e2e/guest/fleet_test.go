package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/airroot/airroot/e2e/guestproto"
)

const fleetMountinfo = `22 1 0:20 / / rw - overlay overlay rw,lowerdir=/run/airroot/lower
23 22 0:21 / /run rw - tmpfs tmpfs rw
24 23 0:22 / /run/airroot/lower ro - nfs 10.0.2.2:/ ro,vers=3
25 22 0:23 / /persist rw - nfs 10.0.2.2:/srv/boards/52-54-00-00-00-01 rw,vers=3
`

func TestFleetChecks(t *testing.T) {
	tests := []struct {
		name       string
		mountinfo  string
		other      string // another board's file already in the fleet folder
		wantFailed []string
	}{
		{name: "alone on an overlay", mountinfo: fleetMountinfo},
		{name: "sees another board's file", mountinfo: fleetMountinfo, other: "52-54-00-00-00-02", wantFailed: []string{"fleet-own-file"}},
		{name: "root is plain nfs", mountinfo: "22 1 0:20 / / rw - nfs 10.0.2.2:/ rw\n25 22 0:23 / /persist rw - nfs 10.0.2.2:/b rw\n",
			wantFailed: []string{"root-is-overlay", "fleet-lower-is-nfs"}},
		{name: "persist not mounted", mountinfo: "22 1 0:20 / / rw - overlay overlay rw\n24 22 0:22 / /run/airroot/lower ro - nfs 10.0.2.2:/ ro\n",
			wantFailed: []string{"fleet-persist-is-nfs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name string, data []byte) error {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return err
				}
				return os.WriteFile(p, data, 0o644)
			}
			must := func(err error) {
				if err != nil {
					t.Fatal(err)
				}
			}
			must(write("/proc/self/mountinfo", []byte(tt.mountinfo)))
			must(write("/sys/class/net/eth0/address", []byte("52:54:00:00:00:01\n")))
			if tt.other != "" {
				must(write("/fleet/"+tt.other, []byte(tt.other)))
			}
			sys := system{root: os.DirFS(dir), writeFile: write}
			f := guestproto.Fleet{Dir: "/fleet", Persist: "/persist", Interface: "eth0"}
			checks := append([]guestproto.Check{checkRoot(sys, guestproto.Expect{Fleet: &f})}, fleetChecks(sys, f)...)
			var failed []string
			for _, c := range checks {
				if !c.Pass {
					failed = append(failed, c.Name)
				}
			}
			if !slices.Equal(failed, tt.wantFailed) {
				t.Errorf("failed checks %q, want %q: %+v", failed, tt.wantFailed, checks)
			}
			if got, err := os.ReadFile(filepath.Join(dir, "persist", guestproto.FleetPersistFile)); err != nil || string(got) != "52-54-00-00-00-01" {
				t.Errorf("persist file = %q, %v; want the board's MAC", got, err)
			}
		})
	}
}
