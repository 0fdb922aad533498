package scenario

import (
	"strings"
	"sync"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// onSoakBegin runs a fault's action once the console shows the guest's soak
// begin, and lets the harness wait for it to end.
type onSoakBegin struct {
	once sync.Once
	done chan struct{}
}

func newOnSoakBegin() onSoakBegin { return onSoakBegin{done: make(chan struct{})} }

// line starts run, given the time the mark was seen, when l is the guest's
// soak-begin mark, the first time only.
func (o *onSoakBegin) line(l string, run func(begin time.Time)) {
	if strings.Contains(l, guestproto.SoakBeginMark) {
		o.once.Do(func() {
			go func() {
				defer close(o.done)
				run(time.Now())
			}()
		})
	}
}

// wait waits for the action to end, if it started, and reports whether it did.
func (o *onSoakBegin) wait() bool {
	started := true
	o.once.Do(func() { started = false; close(o.done) })
	<-o.done
	return started
}
