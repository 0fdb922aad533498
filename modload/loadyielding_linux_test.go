package modload

import (
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"testing"

	"golang.org/x/sys/unix"
)

// threadNice returns the calling thread's nice value.
func threadNice(t *testing.T) int {
	t.Helper()
	// getpriority(2) returns 20-nice: the raw syscall's value.
	prio, err := unix.Getpriority(unix.PRIO_PROCESS, unix.Gettid())
	if err != nil {
		t.Fatalf("getpriority: %v", err)
	}
	return 20 - prio
}

// nicesSeen is a fake Init that records the nice value of each thread
// that loads a module.
type nicesSeen struct {
	t     *testing.T
	mu    sync.Mutex
	nices map[string]int
}

func (n *nicesSeen) init(f fs.File, _ string, _ int) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	nice := threadNice(n.t)
	n.mu.Lock()
	defer n.mu.Unlock()
	n.nices[fi.Name()] = nice
	return nil
}

func TestLoadYieldingLowersOnlyTheLoadingThreads(t *testing.T) {
	runtime.LockOSThread()
	base := threadNice(t)
	runtime.UnlockOSThread()
	if base >= YieldingNice {
		t.Skipf("the test runs at nice %d already", base)
	}
	tests := []struct {
		name string
		load func(l *Loader) error
		want int
	}{
		{"Load", func(l *Loader) error { return l.Load("nfs", "virtio_net") }, base},
		{"LoadFor", func(l *Loader) error { return l.LoadFor("modalias x", "nfs", "virtio_net") }, base},
		{"LoadYielding", func(l *Loader) error { return l.LoadYielding("nfs", "virtio_net") }, YieldingNice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := &nicesSeen{t: t, nices: map[string]int{}}
			l := newNetLoader(t, "", &recordingKernel{}, &strings.Builder{})
			l.Jobs = 2
			l.Init = seen.init
			l.Loaded = func() ([]string, error) { return nil, nil }
			if err := tt.load(l); err != nil {
				t.Fatal(err)
			}
			if len(seen.nices) < 2 {
				t.Fatalf("Init saw %d modules, want the plan's", len(seen.nices))
			}
			for mod, nice := range seen.nices {
				if nice != tt.want {
					t.Errorf("%s loaded at nice %d, want %d", mod, nice, tt.want)
				}
			}
			// The threads that loaded at nice 19 ended with their
			// goroutines: none is left for the rest of the program.
			for i := 0; i < 8*runtime.GOMAXPROCS(0); i++ {
				got := make(chan int)
				go func() {
					runtime.LockOSThread()
					defer runtime.UnlockOSThread()
					got <- threadNice(t)
				}()
				if nice := <-got; nice != base {
					t.Fatalf("a goroutine after %s ran at nice %d, want %d", tt.name, nice, base)
				}
			}
		})
	}
}
