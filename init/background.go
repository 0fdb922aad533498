package boot

import (
	"fmt"
	"runtime/debug"
)

// backgroundStep is a step running beside the ones after it.
type backgroundStep struct {
	done  chan struct{} // closed once the step has ended
	err   error         // its outcome, once done is closed
	hurry func()        // if set, called by wait: the step is now waited for
}

// background runs fn as the step name beside the steps after it, timed and
// logged as they are. A panic in it becomes its error, for halt to report,
// as one in the boot's own goroutine does.
func (b *Boot) background(name string, fn func() error) *backgroundStep {
	s := &backgroundStep{done: make(chan struct{})}
	go func() {
		defer close(s.done)
		defer func() {
			if r := recover(); r != nil {
				s.err = fmt.Errorf("internal error in the %s step: %v\n%s", name, r, debug.Stack())
			}
		}()
		s.err = b.step(name, fn)
	}()
	return s
}

// wait returns the step's outcome once it has ended.
func (s *backgroundStep) wait() error {
	if s.hurry != nil {
		s.hurry()
	}
	<-s.done
	return s.err
}
