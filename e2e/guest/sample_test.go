package main

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/airroot/airroot/e2e/guestproto"
)

func TestSampleKeeper(t *testing.T) {
	tests := []struct {
		name       string
		every, run float64
		want       []float64 // the samples' times
	}{
		{name: "none asked", every: 0, run: 25},
		{name: "start, every 10 s, end", every: 10, run: 25, want: []float64{0, 10, 20, 25}},
		{name: "a run shorter than the period", every: 60, run: 5, want: []float64{0, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fstest.MapFS{
				"proc/82/cmdline": {Data: []byte("@airroot\x00")},
				"proc/82/stat":    {Data: []byte("82 (@airroot) S 1 82 82 0 -1 0 0 0 0 0 17 4 0 0 20 0 6 0 2210 0")},
				"proc/82/status":  {Data: []byte("Name:\t@airroot\nVmRSS:\t5000 kB\n")},
			}
			start := time.Unix(1000, 0)
			clock := &lockedClock{t: start}
			stop := make(chan struct{})
			end := start.Add(seconds(tt.run))
			sleep := func(d time.Duration) {
				if clock.now().Add(d).After(end) {
					clock.sleep(end.Sub(clock.now()))
					close(stop)
					stop = nil
					return
				}
				clock.sleep(d)
			}
			got, err := sampleKeeper(system{root: root}, soakSys{now: clock.now, sleep: sleep},
				guestproto.Soak{SampleEverySeconds: tt.every}, start, stop)
			if err != nil {
				t.Fatalf("sampleKeeper() error = %v", err)
			}
			var at []float64
			for _, s := range got {
				at = append(at, s.AtSeconds)
				if s.VmRSSKiB != 5000 || s.CPUSeconds != 0 {
					t.Errorf("sample %+v: want 5000 KiB and no CPU since the first", s)
				}
			}
			if diff := cmp.Diff(tt.want, at); diff != "" {
				t.Errorf("sample times (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFileLoopPaced: with every set, one cycle starts per period, however quick.
func TestFileLoopPaced(t *testing.T) {
	tests := []struct {
		name  string
		every time.Duration
		want  int
	}{
		{name: "every 2 s over 10 s", every: 2 * time.Second, want: 5},
		{name: "every 3 s over 10 s", every: 3 * time.Second, want: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &lockedClock{t: time.Unix(1000, 0), step: 10 * time.Millisecond}
			l := &fileLoop{dir: t.TempDir(), now: clock.now, every: tt.every, sleep: clock.sleep}
			l.run(time.Unix(1000, 0), time.Unix(1010, 0))
			if l.io.Files != tt.want || l.io.Errors != 0 {
				t.Errorf("run() io = %+v, want %d files and no errors", l.io, tt.want)
			}
		})
	}
}
