package main

import (
	"maps"
	"math"
	"testing"
	"testing/fstest"
)

func TestFindKeeper(t *testing.T) {
	tests := []struct {
		name    string
		procs   map[string]string
		want    int
		wantErr bool
	}{
		{name: "found", procs: map[string]string{"1": "/sbin/init\x00", "82": "@airroot\x00"}, want: 82},
		{name: "supervisor first", procs: map[string]string{"1": "/sbin/init\x00", "107": "@airroot\x00worker\x00", "102": "@airroot\x00"}, want: 102},
		{name: "a restarted worker's pid wrapped below", procs: map[string]string{"40": "@airroot\x00worker\x00", "102": "@airroot\x00"}, want: 102},
		{name: "worker alone", procs: map[string]string{"107": "@airroot\x00worker\x00"}, wantErr: true},
		{name: "plain name is not enough", procs: map[string]string{"82": "airroot\x00"}, wantErr: true},
		{name: "absent", procs: map[string]string{"1": "/sbin/init\x00"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fstest.MapFS{"proc/self/cmdline": {Data: []byte("x")}}
			for pid, cmdline := range tt.procs {
				root["proc/"+pid+"/cmdline"] = &fstest.MapFile{Data: []byte(cmdline)}
			}
			got, err := findKeeper(root)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("findKeeper = %d, %v; want %d, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestKeeperCPUFromSchedstat: a live process's CPU time is its threads' scheduler
// time, unrounded, when the kernel keeps it; its stat's ticks when it does not.
func TestKeeperCPUFromSchedstat(t *testing.T) {
	stat := func(pid, utime, stime, cutime string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(pid + " (@airroot) S 1 82 82 0 -1 0 0 0 0 0 " + utime + " " + stime + " " + cutime + " 0 20 0 6 0 2210 0")}
	}
	sched := func(ns string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(ns + " 1200 17\n")} }
	tests := []struct {
		name  string
		extra fstest.MapFS
		want  float64
	}{
		{"ticks only", nil, 0.37},
		{"schedstat", fstest.MapFS{
			"proc/82/task/82/schedstat": sched("7004000"), "proc/82/task/83/schedstat": sched("1000"),
			"proc/90/task/90/schedstat": sched("123456789"), "proc/90/task/91/schedstat": sched("10000000"),
		}, 0.007005 + 0.133456789 + 0.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fstest.MapFS{
				"proc/82/cmdline": {Data: []byte("@airroot\x00")}, "proc/82/stat": stat("82", "1", "0", "5"),
				"proc/90/cmdline": {Data: []byte("@airroot\x00worker\x00")}, "proc/90/stat": stat("90", "25", "6", "0"),
			}
			maps.Copy(root, tt.extra)
			got, err := keeperCPU(root)
			if err != nil || math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("keeperCPU() = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}
