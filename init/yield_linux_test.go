package boot

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/init/bootlog"
)

// threadNice reads the calling thread's nice value from /proc/thread-self/stat
// (field 19), where the kernel writes it as nice(1) shows it.
func threadNice() (int, error) {
	b, err := os.ReadFile("/proc/thread-self/stat")
	if err != nil {
		return 0, err
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:]) // after "pid (comm) "
	return strconv.Atoi(fields[16])                               // field 19, the 17th after comm
}

// mustNice is threadNice for the test's own goroutine.
func mustNice(t *testing.T) int {
	t.Helper()
	n, err := threadNice()
	if err != nil {
		t.Skipf("no per-thread nice value: %v", err)
	}
	return n
}

// skipUnlessCanRaise skips a test that gives a thread its priority back:
// raising one needs CAP_SYS_NICE.
func skipUnlessCanRaise(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("giving a thread its priority back needs CAP_SYS_NICE")
	}
}

// inGoroutine runs fn in a goroutine of its own and returns what it returns.
func inGoroutine[T any](fn func() T) T {
	c := make(chan T)
	go func() { c <- fn() }()
	return <-c
}

type niceSeen struct {
	lowered, raised int
	err             error
}

func TestYieldingThreadLowersOnlyItsThread(t *testing.T) {
	skipUnlessCanRaise(t)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := mustNice(t)
	if before == yieldNice {
		t.Skipf("the test already runs at nice %d", yieldNice)
	}
	var y yieldingThread
	seen := inGoroutine(func() (s niceSeen) {
		if s.err = y.lower(); s.err != nil {
			return s
		}
		s.lowered, s.err = threadNice()
		if s.err == nil {
			s.err = y.raise()
		}
		if s.err == nil {
			s.raised, s.err = threadNice()
		}
		y.release()
		return s
	})
	if seen.err != nil {
		t.Fatal(seen.err)
	}
	if seen.lowered != yieldNice {
		t.Errorf("lowered: the goroutine's thread runs at nice %d, want %d", seen.lowered, yieldNice)
	}
	if seen.raised != before {
		t.Errorf("raised: the goroutine's thread runs at nice %d, want %d as before", seen.raised, before)
	}
	if got := mustNice(t); got != before {
		t.Errorf("another goroutine's thread went from nice %d to %d", before, got)
	}
}

func TestYieldingThreadRaisedFirst(t *testing.T) {
	before := mustNice(t) // the threads of a test binary share their nice value
	var y yieldingThread
	if err := y.raise(); err != nil {
		t.Fatalf("raise before lower: %v", err)
	}
	seen := inGoroutine(func() (s niceSeen) {
		if s.err = y.lower(); s.err == nil {
			s.lowered, s.err = threadNice()
		}
		return s
	})
	if seen.err != nil {
		t.Fatal(seen.err)
	}
	if seen.lowered != before {
		t.Errorf("lower after raise: the thread runs at nice %d, want %d", seen.lowered, before)
	}
}

func TestYieldingThreadLeavesNewThreadsAlone(t *testing.T) {
	var y yieldingThread
	seen := inGoroutine(func() (s niceSeen) {
		if s.err = y.lower(); s.err != nil {
			return s
		}
		// A goroutine started here and locked to a thread, maybe one the
		// runtime starts for it now, must not run at nice 19.
		return inGoroutine(func() (s niceSeen) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			s.lowered, s.err = threadNice()
			return s
		})
	})
	if seen.err != nil {
		t.Fatal(seen.err)
	}
	if seen.lowered == yieldNice {
		t.Errorf("a goroutine started by the yielding one runs at nice %d", seen.lowered)
	}
}

func TestBackgroundYieldingRaisedWhenWaitedFor(t *testing.T) {
	skipUnlessCanRaise(t)
	before := mustNice(t)
	b := &Boot{Log: &bootlog.Logger{Console: os.Stderr}}
	b.Timeline.Now = func() float64 { return 0 }
	started := make(chan int, 1)
	s := b.backgroundYielding("test", func() error {
		n, err := threadNice()
		if err != nil {
			return err
		}
		started <- n
		// The step goes on until a waiter gives its thread back its priority.
		deadline := time.Now().Add(5 * time.Second)
		for n == yieldNice && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
			if n, err = threadNice(); err != nil {
				return err
			}
		}
		if n != before {
			t.Errorf("waited for: the step's thread runs at nice %d, want %d", n, before)
		}
		return nil
	})
	if got := <-started; got != yieldNice {
		t.Errorf("before a wait: the step's thread runs at nice %d, want %d", got, yieldNice)
	}
	if err := s.wait(); err != nil {
		t.Fatal(err)
	}
}
