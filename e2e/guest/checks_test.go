package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/google/go-cmp/cmp"
)

var probe = []byte("probe contents")

func testExpect() guestproto.Expect {
	sum := sha256.Sum256(probe)
	return guestproto.Expect{
		Scenario: "virt-test", Server: "10.0.2.2", Port: 4000,
		MarkerPath: "/airroot-e2e-marker", MarkerSize: 8 << 20,
		ProbePath: "/e2e/probe", ProbeSHA256: hex.EncodeToString(sum[:]),
	}
}

// newRootFS is a switched root as airroot should leave it, with Unevictable+Shmem kB.
func newRootFS(t *testing.T, unevictableKB string) fstest.MapFS {
	exp, err := json.Marshal(testExpect())
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{
		"proc/uptime":         {Data: []byte("3.25 2.00\n")},
		"proc/meminfo":        {Data: []byte("Shmem: 100 kB\nUnevictable: " + unevictableKB + " kB\n")},
		"proc/self/mountinfo": {Data: []byte(sampleMountinfo)},
		"proc/82/cmdline":     {Data: []byte("@airroot\x00")},
		"e2e/expect.json":     {Data: exp},
		"e2e/probe":           {Data: probe},
	}
}

func rescueFS(t *testing.T, unevictableKB string) fstest.MapFS {
	m := newRootFS(t, unevictableKB)
	m["init"] = &fstest.MapFile{Data: []byte("elf"), Mode: 0o755}
	m["airroot-e2e-marker"] = &fstest.MapFile{Data: make([]byte, 8<<20)}
	m["lib/modules"] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
	return m
}

// withKeeperExe gives the keeper of newRootFS a binary of size bytes.
func withKeeperExe(m fstest.MapFS, size int) fstest.MapFS {
	m["proc/82/exe"] = &fstest.MapFile{Data: make([]byte, size), Mode: 0o755}
	return m
}

func testSystem(root fstest.MapFS, pid int, dialErr error) system {
	return system{root: root, pid: func() int { return pid }, dial: func(string) error { return dialErr },
		kmsg: func() ([]string, error) {
			return []string{"airroot: nfs: ok (90ms)", `airroot: timeline {"steps":[]}`}, nil
		}}
}

func failedNames(r guestproto.Result) []string {
	var names []string
	for _, c := range r.Checks {
		if !c.Pass {
			names = append(names, c.Name)
		}
	}
	return names
}

func TestRun(t *testing.T) {
	tests := []struct {
		name       string
		sys        system
		mode       guestproto.Mode
		wantFailed []string
	}{
		{name: "new root all good", sys: testSystem(newRootFS(t, "0"), 1, nil), mode: guestproto.ModeNewRoot},
		{name: "new root not pid 1", sys: testSystem(newRootFS(t, "0"), 7, nil), mode: guestproto.ModeNewRoot, wantFailed: []string{"pid1"}},
		{name: "new root initramfs kept", sys: testSystem(newRootFS(t, "9000"), 1, nil), mode: guestproto.ModeNewRoot, wantFailed: []string{"initramfs-freed"}},
		{name: "new root, the keeper's binary stays", sys: testSystem(withKeeperExe(newRootFS(t, "9000"), 2<<20), 1, nil), mode: guestproto.ModeNewRoot},
		{name: "new root initramfs kept besides the keeper's binary", sys: testSystem(withKeeperExe(newRootFS(t, "9000"), 100<<10), 1, nil), mode: guestproto.ModeNewRoot, wantFailed: []string{"initramfs-freed"}},
		{name: "new root server gone", sys: testSystem(newRootFS(t, "0"), 1, errors.New("refused")), mode: guestproto.ModeNewRoot, wantFailed: []string{"server-reachable"}},
		{name: "rescue all good", sys: testSystem(rescueFS(t, "9000"), 300, nil), mode: guestproto.ModeRescue},
		{name: "rescue initramfs freed", sys: testSystem(rescueFS(t, "0"), 300, nil), mode: guestproto.ModeRescue, wantFailed: []string{"initramfs-held"}},
		{name: "rescue in new root", sys: testSystem(newRootFS(t, "9000"), 300, nil), mode: guestproto.ModeRescue, wantFailed: []string{"initramfs-init", "marker-intact", "modules-present"}},
		{name: "no expectations", sys: testSystem(fstest.MapFS{}, 1, nil), mode: guestproto.ModeNewRoot, wantFailed: []string{"expectations"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(tt.sys, tt.mode)
			if diff := cmp.Diff(tt.wantFailed, failedNames(got)); diff != "" {
				t.Errorf("failed checks (-want +got):\n%s\nresult: %+v", diff, got)
			}
			if got.Pass != (len(tt.wantFailed) == 0) {
				t.Errorf("Pass = %v with failed checks %v", got.Pass, tt.wantFailed)
			}
			if got.Mode != tt.mode {
				t.Errorf("Mode = %q, want %q", got.Mode, tt.mode)
			}
		})
	}
}

func TestRunReportsUptimeAndScenario(t *testing.T) {
	got := run(testSystem(newRootFS(t, "0"), 1, nil), guestproto.ModeNewRoot)
	if got.UptimeSeconds != 3.25 || got.Scenario != "virt-test" {
		t.Errorf("run() uptime %v scenario %q, want 3.25 and virt-test", got.UptimeSeconds, got.Scenario)
	}
}

func TestRunTurnsPanicIntoFailure(t *testing.T) {
	sys := testSystem(newRootFS(t, "0"), 1, nil)
	sys.dial = func(string) error { panic("boom") }
	got := run(sys, guestproto.ModeNewRoot)
	if got.Pass || got.Checks[len(got.Checks)-1].Name != "no-panic" {
		t.Errorf("run() with a panicking check = %+v, want a failed no-panic check", got)
	}
}

func TestCheckRootIsNFSWithoutRootMount(t *testing.T) {
	fsys := newRootFS(t, "0")
	fsys["proc/self/mountinfo"] = &fstest.MapFile{Data: []byte("24 22 0:22 / /proc rw - proc proc rw\n")}
	if c := checkRootIsNFS(testSystem(fsys, 1, nil)); c.Pass {
		t.Errorf("checkRootIsNFS() without a / mount passed: %+v", c)
	}
}

func TestCheckNFSReadWrongContent(t *testing.T) {
	fsys := newRootFS(t, "0")
	fsys["e2e/probe"] = &fstest.MapFile{Data: []byte("other")}
	if c := checkNFSRead(testSystem(fsys, 1, nil), testExpect()); c.Pass {
		t.Errorf("checkNFSRead() with other content passed: %+v", c)
	}
}

func TestCheckKernelLog(t *testing.T) {
	tests := []struct {
		name    string
		records []string
		err     error
		pass    bool
	}{
		{name: "both lines", records: []string{"x", "airroot: nfs: ok (1ms)", "airroot: timeline {}"}, pass: true},
		{name: "timeline missing", records: []string{"airroot: nfs: ok (1ms)"}},
		{name: "empty log", records: nil},
		{name: "unreadable", err: errors.New("permission denied")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := system{kmsg: func() ([]string, error) { return tt.records, tt.err }}
			if got := checkKernelLog(sys); got.Pass != tt.pass {
				t.Errorf("checkKernelLog = %+v, want pass %v", got, tt.pass)
			}
		})
	}
}
