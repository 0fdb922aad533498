package main

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCheckNetworkFile(t *testing.T) {
	tests := []struct {
		name string
		file string // "" : none
		pass bool
	}{
		{name: "up", file: "STATE=up\nINTERFACE=wlan0\nADDRESS=10.0.2.15/24\n", pass: true},
		{name: "still waiting", file: "STATE=waiting\n"},
		{name: "failed", file: "STATE=failed\nERROR=no network\n"},
		{name: "no file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fstest.MapFS{}
			if tt.file != "" {
				root["run/airroot/network"] = &fstest.MapFile{Data: []byte(tt.file)}
			}
			slept := time.Duration(0)
			c := checkNetworkFile(system{root: root}, func(d time.Duration) { slept += d })
			if c.Pass != tt.pass {
				t.Errorf("check = %+v, want pass %v", c, tt.pass)
			}
			if !tt.pass && slept < networkWait {
				t.Errorf("gave up after %v of waiting, want %v", slept, networkWait)
			}
		})
	}
}

// TestAppChecksNetwork: the app checks the network file and the host on a
// board with a network, and neither on one without (Expect.Server "").
func TestAppChecksNetwork(t *testing.T) {
	tests := []struct {
		name   string
		server string
		want   []string
	}{
		{name: "a network", server: "10.0.2.2", want: []string{"card-mounted", "network-file", "server-reachable", "initramfs-init"}},
		{name: "no network", want: []string{"card-mounted", "initramfs-init"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := newRootFS(t, "0")
			root["run/airroot/network"] = &fstest.MapFile{Data: []byte("STATE=up\nINTERFACE=wlan0\n")}
			exp := testExpect()
			exp.Server = tt.server
			var got []string
			for _, c := range appChecks(testSystem(root, 1, nil), exp) {
				got = append(got, c.Name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("appChecks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFailOnPurpose(t *testing.T) {
	files := map[string][]byte{}
	read := func(name string) ([]byte, error) { return files[name], nil }
	write := func(name string, data []byte) error { files[name] = data; return nil }
	args := []string{"x", "fail-first=2"}
	for want := 1; want <= 4; want++ {
		run, fail := failOnPurpose(args, read, write)
		if run != want || fail != (want <= 2) {
			t.Errorf("run %d, fail %v; want run %d, fail %v", run, fail, want, want <= 2)
		}
	}
	if _, fail := failOnPurpose(nil, read, write); fail {
		t.Errorf("fails without fail-first=")
	}
}
