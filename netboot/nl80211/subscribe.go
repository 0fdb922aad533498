package nl80211

import (
	"errors"
	"slices"
	"sync"
	"syscall"
)

// subscriptionBuffer is how many events a Subscription holds before the
// sockets' readers wait for its owner.
const subscriptionBuffer = 256

// A Subscription receives the events of one interface (or of all, for
// interface index 0) and the events that concern no interface, such as
// regulatory changes. Close it when done: an unread subscription stalls
// event delivery.
type Subscription struct {
	// C delivers the events. It is never closed; select on Done too.
	C <-chan Event

	c       chan Event
	ifindex int
	done    chan struct{}
	once    sync.Once
	client  *Client
}

// Subscribe starts receiving the events of interface ifindex (0: all).
// Subscribe before the request whose events you wait for.
func (c *Client) Subscribe(ifindex int) *Subscription {
	ch := make(chan Event, subscriptionBuffer)
	s := &Subscription{C: ch, c: ch, ifindex: ifindex, done: make(chan struct{}), client: c}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		s.stop()
		return s
	}
	c.subs = append(c.subs, s)
	return s
}

// Done is closed when the subscription or its Client is closed.
func (s *Subscription) Done() <-chan struct{} { return s.done }

// Close stops the subscription.
func (s *Subscription) Close() {
	c := s.client
	c.mu.Lock()
	c.subs = slices.DeleteFunc(c.subs, func(x *Subscription) bool { return x == s })
	c.mu.Unlock()
	s.stop()
}

func (s *Subscription) stop() { s.once.Do(func() { close(s.done) }) }

func (s *Subscription) wants(ev Event) bool {
	i := ev.ifindex()
	return s.ifindex == 0 || i == 0 || i == s.ifindex
}

// dispatch hands ev to every subscription that wants it, waiting for
// room in each.
func (c *Client) dispatch(ev Event) {
	c.mu.Lock()
	subs := slices.Clone(c.subs)
	c.mu.Unlock()
	for _, s := range subs {
		if !s.wants(ev) {
			continue
		}
		select {
		case s.c <- ev:
		case <-s.done:
		}
	}
}

func isNoBufs(err error) bool { return errors.Is(err, syscall.ENOBUFS) }
