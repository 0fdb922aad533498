package main

import (
	"testing"
	"testing/fstest"
	"time"
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
