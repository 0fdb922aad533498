package main

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/fstest"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/google/go-cmp/cmp"
)

type kmsgBuffer struct{ bytes.Buffer }

func (*kmsgBuffer) Close() error { return nil }

// fakeProc is a /proc whose processes' CPU times move on when sleep is called.
func fakeProc(cmdline string) (fstest.MapFS, func(time.Duration)) {
	fsys := fstest.MapFS{
		"proc/uptime":       {Data: []byte("18.42 30.00\n")},
		"proc/cmdline":      {Data: []byte(cmdline)},
		"proc/107/comm":     {Data: []byte("init\n")},
		"proc/107/cmdline":  {Data: []byte("@airroot\x00")},
		"proc/107/stat":     {Data: []byte("107 (init) S 1 1 1 0 -1 0 0 0 0 0 80 6 0 0 20 0 1 0 1 1")},
		"proc/107/status":   {Data: []byte("Name:\tinit\nVmRSS:\t5480 kB\n")},
		"proc/1/comm":       {Data: []byte("init\n")},
		"proc/1/cmdline":    {Data: []byte("/sbin/init\x00")},
		"proc/self/comm":    {Data: []byte("init\n")},
		"proc/version":      {Data: []byte("Linux\n")},
		"proc/99/comm":      {Data: []byte("hostapd\n")},
		"proc/99/cmdline":   {Data: []byte("/usr/sbin/hostapd\x00")},
		"proc/99/status":    {Data: []byte("VmRSS:\t9999 kB\n")},
		"proc/99/stat":      {Data: []byte("99 (hostapd) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 1")},
		"proc/cpuinfo":      {Data: []byte("")},
		"proc/sys/kernel/x": {Data: []byte("")},
	}
	sleep := func(time.Duration) {
		fsys["proc/107/stat"] = &fstest.MapFile{Data: []byte("107 (init) S 1 1 1 0 -1 0 0 0 0 0 81 7 0 0 20 0 1 0 1 1")}
	}
	return fsys, sleep
}

func TestMeasureIdle(t *testing.T) {
	fsys, sleep := fakeProc("rw airroot_bench_idle=60 airroot_bench_procs=@airroot,dhcpcd\n")
	var slept time.Duration
	kmsg := &kmsgBuffer{}
	res := measure(system{root: fsys, sleep: func(d time.Duration) { slept = d; sleep(d) },
		kmsg: func() (io.WriteCloser, error) { return kmsg, nil }})
	want := benchproto.Result{UptimeSeconds: 18.42, Idle: &benchproto.Idle{
		Seconds:   60,
		Processes: []benchproto.Proc{{PID: 107, Name: "@airroot", RSSKiB: 5480, CPUSeconds: 0.02, TotalCPUSeconds: 0.88}},
		Missing:   []string{"dhcpcd"},
	}}
	if diff := cmp.Diff(want, res, cmp.Comparer(func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 })); diff != "" {
		t.Errorf("measure (-want +got):\n%s", diff)
	}
	if slept != time.Minute {
		t.Errorf("slept %v, want a minute", slept)
	}
	if got := kmsg.String(); got != benchproto.ClockLinePrefix+"18.42\n" {
		t.Errorf("kernel log got %q, want the clock line", got)
	}
}

func TestMeasureWithoutIdle(t *testing.T) {
	fsys, _ := fakeProc("console=ttyAMA0 rw\n")
	res := measure(system{root: fsys, sleep: func(time.Duration) { t.Error("slept without being asked") },
		kmsg: func() (io.WriteCloser, error) { return nil, errors.New("no /dev/kmsg") }})
	if diff := cmp.Diff(benchproto.Result{UptimeSeconds: 18.42}, res); diff != "" {
		t.Errorf("measure (-want +got):\n%s", diff)
	}
}

func TestMeasureReportsErrors(t *testing.T) {
	res := measure(system{root: fstest.MapFS{}, sleep: time.Sleep, kmsg: openKmsg})
	if res.Error == "" {
		t.Error("measure without /proc: no error reported")
	}
	fsys, _ := fakeProc("airroot_bench_idle=oops")
	res = measure(system{root: fsys, sleep: time.Sleep, kmsg: func() (io.WriteCloser, error) { return &kmsgBuffer{}, nil }})
	if res.Error == "" || res.UptimeSeconds != 18.42 {
		t.Errorf("measure with a bad request = %+v, want the uptime and an error", res)
	}
}
