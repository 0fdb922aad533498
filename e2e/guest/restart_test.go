package main

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// replaceSys is a guest whose /proc holds the processes procs (pid: cmdline), 20.5 s
// after boot.
func replaceSys(procs map[string]string) (system, fstest.MapFS) {
	root := fstest.MapFS{"proc/uptime": {Data: []byte("20.50 10.00\n")}}
	for pid, cmdline := range procs {
		root["proc/"+pid+"/cmdline"] = &fstest.MapFile{Data: []byte(cmdline)}
	}
	sys := system{root: root, hostapd: func(_, cmd string) (string, error) { return "state=ENABLED\n", nil }}
	return sys, root
}

// startedAt is the /proc/PID/stat of a process started ticks after boot.
func startedAt(pid, ticks string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(pid + " (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 " + ticks + " 0")}
}

func TestRestartAPs(t *testing.T) {
	hostapd := guestproto.HostapdProgram + "\x00-t\x00/e2e/hostapd.conf\x00"
	tests := []struct {
		name       string
		requestErr error
		replace    bool
		wantAfter  int
		wantBack   float64
		wantErr    string
	}{
		{name: "a new hostapd", replace: true, wantAfter: 77, wantBack: 5.52},
		{name: "nobody reads the FIFO", requestErr: errors.New("ENXIO"), wantErr: "ENXIO"},
		{name: "the old hostapd stays", wantErr: "pid 50 is still there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys, root := replaceSys(map[string]string{"1": "/sbin/init\x00", "50": hostapd})
			clock := &lockedClock{t: time.Unix(1000, 0), step: 10 * time.Millisecond}
			var marks, requests []string
			ss := soakSys{now: clock.now, sleep: clock.sleep,
				mark: func(m string) error { marks = append(marks, m); return nil },
				restartAP: func(control string) error {
					requests = append(requests, control)
					if tt.replace {
						delete(root, "proc/50/cmdline")
						root["proc/77/cmdline"] = &fstest.MapFile{Data: []byte(hostapd)}
						root["proc/77/stat"] = startedAt("77", "2602")
					}
					return tt.requestErr
				}}
			exp := guestproto.Expect{HostapdCtrl: "/dev/hostapd/wlan1",
				Soak: &guestproto.Soak{APRestartAt: []float64{10}, APRestartControl: "/dev/e2e-ap-restart"}}
			got, asked := restartAPs(sys, ss, exp, clock.now())
			if len(got) != 1 || len(asked) != 1 || len(requests) != 1 || requests[0] != "/dev/e2e-ap-restart" {
				t.Fatalf("restartAPs() = %+v, %+v after requests %q; want one restart asked through the FIFO", got, asked, requests)
			}
			r := got[0]
			if r.PIDBefore != 50 || r.PIDAfter != tt.wantAfter || r.BackSeconds != tt.wantBack || r.At < 10 || !strings.Contains(r.Error, tt.wantErr) ||
				(tt.wantErr == "") != (asked[0].err == nil) {
				t.Errorf("restartAPs() = %+v (outage error %v), want pid 50 then %d at 10 s, error %q", r, asked[0].err, tt.wantAfter, tt.wantErr)
			}
			if len(marks) != 1 || !strings.HasPrefix(marks[0], restartMarkPrefix+"1: hostapd pid 50") {
				t.Errorf("marks = %q, want one restart mark naming pid 50", marks)
			}
		})
	}
}

func TestCrashWorkers(t *testing.T) {
	tests := []struct {
		name      string
		replace   bool
		wantAfter int
		wantBack  float64
		wantErr   string
	}{
		{name: "a new worker", replace: true, wantAfter: 91, wantBack: 1.02},
		{name: "no new worker", wantErr: "no new process"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys, root := replaceSys(map[string]string{"82": "@airroot\x00", "90": "@airroot\x00worker\x00"})
			clock := &lockedClock{t: time.Unix(1000, 0), step: 10 * time.Millisecond}
			var signalled []int
			ss := soakSys{now: clock.now, sleep: clock.sleep, mark: func(string) error { return nil },
				panicWorker: func(pid int) error {
					signalled = append(signalled, pid)
					delete(root, "proc/90/cmdline")
					if tt.replace {
						root["proc/91/cmdline"] = &fstest.MapFile{Data: []byte("@airroot\x00worker\x00")}
						root["proc/91/stat"] = startedAt("91", "2152")
					}
					return nil
				}}
			got := crashWorkers(sys, ss, guestproto.Soak{WorkerCrashAt: []float64{15}}, clock.now())
			if len(signalled) != 1 || signalled[0] != 90 {
				t.Errorf("signalled %v, want the worker 90 (not the supervisor 82)", signalled)
			}
			if len(got) != 1 || got[0].PIDBefore != 90 || got[0].PIDAfter != tt.wantAfter || got[0].BackSeconds != tt.wantBack || got[0].At < 15 ||
				!strings.Contains(got[0].Error, tt.wantErr) {
				t.Errorf("crashWorkers() = %+v, want worker 90 replaced by %d at 15 s, error %q", got, tt.wantAfter, tt.wantErr)
			}
		})
	}
}

// TestKeeperCPUAcrossWorkerRestart: the CPU time of a worker that ended moves into its
// supervisor's cutime and cstime, so two readings around a restart lose none of it.
func TestKeeperCPUAcrossWorkerRestart(t *testing.T) {
	stat := func(pid, utime, stime, cutime, cstime string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(pid + " (@airroot) S 1 82 82 0 -1 0 0 0 0 0 " + utime + " " + stime + " " + cutime + " " + cstime + " 20 0 6 0 2210 0")}
	}
	root := fstest.MapFS{
		"proc/82/cmdline": {Data: []byte("@airroot\x00")}, "proc/82/stat": stat("82", "8", "2", "0", "0"),
		"proc/90/cmdline": {Data: []byte("@airroot\x00worker\x00")}, "proc/90/stat": stat("90", "15", "5", "0", "0"),
	}
	before, err := keeperCPU(root)
	if err != nil || msRound(before) != 0.30 {
		t.Fatalf("keeperCPU() before the restart = %v, %v; want 0.30", before, err)
	}
	// Worker 90 used 25 ticks in all, and ended; worker 91 has used 3.
	delete(root, "proc/90/cmdline")
	delete(root, "proc/90/stat")
	root["proc/82/stat"] = stat("82", "9", "2", "20", "5")
	root["proc/91/cmdline"] = &fstest.MapFile{Data: []byte("@airroot\x00worker\x00")}
	root["proc/91/stat"] = stat("91", "2", "1", "0", "0")
	after, err := keeperCPU(root)
	if err != nil || msRound(after-before) != 0.09 {
		t.Errorf("keeperCPU() after the restart = %v, %v; want 0.09 s more than %v", after, err, before)
	}
}
