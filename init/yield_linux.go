package boot

import (
	"fmt"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

// yieldNice is the nice value of a thread that runs only when nothing else
// needs the CPU: the lowest the kernel has.
const yieldNice = 19

// yieldingThread lowers one goroutine's thread to nice yieldNice until
// someone needs what the goroutine does: on a one-core board its work then
// waits while the keeper joins Wi-Fi and gets the lease, and fills their
// pauses (a scan's dwell on a channel, the ARP probe's wait for an answer).
// On Linux a nice value belongs to a thread, so the goroutine keeps its
// thread and never lets it go: when the goroutine ends, the Go runtime ends
// the thread with it rather than hand a nice thread to other goroutines.
// Goroutines it starts run on other threads at the usual priority (the
// runtime starts threads from a template thread, not from a locked one).
type yieldingThread struct {
	mu     sync.Mutex
	tid    int  // the lowered thread while its goroutine runs, else 0
	nice   int  // its nice value before
	raised bool // raise was called: lower leaves the thread as it is
}

// lower locks the calling goroutine to its thread and lowers the thread's
// priority, unless raise came first.
func (y *yieldingThread) lower() error {
	runtime.LockOSThread() // for good: see yieldingThread
	y.mu.Lock()
	defer y.mu.Unlock()
	if y.raised {
		return nil
	}
	tid := unix.Gettid()
	prio, err := unix.Getpriority(unix.PRIO_PROCESS, tid)
	if err != nil {
		return fmt.Errorf("lower thread %d's priority: getpriority: %w", tid, err)
	}
	if err := unix.Setpriority(unix.PRIO_PROCESS, tid, yieldNice); err != nil {
		return fmt.Errorf("lower thread %d's priority: setpriority: %w", tid, err)
	}
	y.tid, y.nice = tid, 20-prio // the system call's 1 to 40 stand for nice 19 to -20
	return nil
}

// raise gives the thread its priority back: the work is now waited for.
func (y *yieldingThread) raise() error {
	y.mu.Lock()
	defer y.mu.Unlock()
	y.raised = true
	if y.tid == 0 {
		return nil
	}
	tid := y.tid
	y.tid = 0
	if err := unix.Setpriority(unix.PRIO_PROCESS, tid, y.nice); err != nil {
		return fmt.Errorf("raise thread %d's priority: setpriority: %w", tid, err)
	}
	return nil
}

// release forgets the thread, before its goroutine ends and the thread
// with it: its number may then be given to another.
func (y *yieldingThread) release() {
	y.mu.Lock()
	y.tid = 0
	y.mu.Unlock()
}

// backgroundYielding is background at the lowest priority: fn runs on a
// thread at nice yieldNice until a step waits for it, then at the usual
// priority, for from then on it is on the boot's path.
func (b *Boot) backgroundYielding(name string, fn func() error) *backgroundStep {
	y := new(yieldingThread)
	s := b.background(name, func() error {
		if err := y.lower(); err != nil {
			b.Log.Debugf("%s: %v (running at the usual priority)", name, err)
		}
		defer y.release()
		return fn()
	})
	s.hurry = func() {
		if err := y.raise(); err != nil {
			b.Log.Debugf("%s: %v", name, err)
		}
	}
	return s
}
