package wifi

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
)

// Times is the join's timeline.
type Times struct {
	Start         time.Time // Join was called
	InterfaceUp   time.Time // the wireless interface was found and brought up
	Associated    time.Time // the access point accepted the association
	KeysInstalled time.Time // keys installed and port authorized; zero for open networks
	SAEStarted    time.Time // our first SAE commit went out; zero unless SAE ran
	SAEDone       time.Time // the access point's SAE confirm verified; zero unless SAE ran
}

// EventKind says what happened to a session.
type EventKind int

// Session events.
const (
	GroupRekeyed    EventKind = iota + 1 // a new group key is installed
	PairwiseRekeyed                      // a new pairwise key is installed
	FrameDropped                         // an EAPOL frame was ignored (Err says why)
	LinkLost                             // the connection ended (Err says why); the last event
)

func (k EventKind) String() string {
	switch k {
	case GroupRekeyed:
		return "group key renewed"
	case PairwiseRekeyed:
		return "pairwise key renewed"
	case FrameDropped:
		return "EAPOL frame dropped"
	case LinkLost:
		return "link lost"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is something that happened to an established session.
type Event struct {
	Kind   EventKind
	Time   time.Time
	Detail string // the key installed, without the key
	Err    error
}

func (e Event) String() string {
	switch {
	case e.Err != nil:
		return fmt.Sprintf("%s: %v", e.Kind, e.Err)
	case e.Detail != "":
		return fmt.Sprintf("%s: %s", e.Kind, e.Detail)
	}
	return e.Kind.String()
}

// eventBuffer is how many events a Session keeps for a slow reader;
// further ones are dropped.
const eventBuffer = 32

// Session is an established Wi-Fi connection. Its goroutine keeps
// answering the access point's group and pairwise rekeys until the link
// is lost or Close is called.
type Session struct {
	Interface string
	Ifindex   int
	MAC       net.HardwareAddr // ours
	SSID      string
	BSSID     net.HardwareAddr
	Frequency int  // MHz
	Signal    int  // mBm at the scan
	Offloaded bool // the driver ran the 4-way handshake
	// PMKSACached says the join used a cached PMKSA, skipping SAE or EAP.
	PMKSACached bool
	Times       Times
	// Device is the interface and radio joined through, for a rejoin
	// (Options.Device).
	Device Device

	a         *association
	ownsRadio bool
	events    chan Event
	stop      chan struct{}
	done      chan struct{}
	stopOnce  sync.Once
	err       error // why the session ended; read after done
}

func newSession(a *association, ownsRadio bool, times Times) *Session {
	s := &Session{
		Interface: a.ifname, Ifindex: a.ifindex, MAC: a.spa, SSID: a.bss.SSID, BSSID: a.bss.BSSID,
		Frequency: a.bss.Frequency, Signal: a.bss.Signal, Offloaded: a.offload, Times: times, PMKSACached: a.pmksa != nil,
		a: a, ownsRadio: ownsRadio,
		events: make(chan Event, eventBuffer), stop: make(chan struct{}), done: make(chan struct{}),
	}
	a.notify = s.emit
	go s.run()
	return s
}

// Events delivers what happens to the session. It is closed after the
// session ends; events a slow reader has no room for are dropped.
func (s *Session) Events() <-chan Event { return s.events }

// Wait blocks until the session ends and returns why: an error wrapping
// ErrLinkLost, or nil after Close.
func (s *Session) Wait() error {
	<-s.done
	return s.err
}

// RejoinHint waits for the session to end and tells a rejoin where to look
// first: the session's channel, and its access point when that ended the
// link itself (a deauthentication or disassociation it sent, or one our SA
// Query confirmed): it is in range, and may let the station back in at once.
// After a loss of beacons or a Close it names no access point.
func (s *Session) RejoinHint() Hint {
	<-s.done
	h := Hint{Frequencies: []int{s.Frequency}}
	if s.a.apEnded {
		b := s.a.bss
		h.BSS = &b
	}
	return h
}

// Close disconnects and ends the session.
func (s *Session) Close() error {
	s.stopOnce.Do(func() { close(s.stop) })
	<-s.done
	return nil
}

func (s *Session) emit(e Event) {
	select {
	case s.events <- e:
	default:
	}
}

// run handles the connection's events until it ends.
func (s *Session) run() {
	a := s.a
	defer close(s.done)
	defer close(s.events)
	for {
		select {
		case ev := <-a.sub.C:
			if err := a.handle(ev); err != nil {
				if !errors.Is(err, ErrLinkLost) {
					err = fmt.Errorf("%w: %w", err, ErrLinkLost)
				}
				s.finish(err)
				return
			}
		case <-a.saTimer():
			if err := a.saTick(); err != nil {
				s.finish(err)
				return
			}
		case <-a.sub.Done():
			s.finish(fmt.Errorf("link to %s: %w: %w", a.peer(), nl80211.ErrClosed, ErrLinkLost))
			return
		case <-s.stop:
			a.logf("disconnecting from %s", a.peer())
			s.finish(nil)
			return
		}
	}
}

func (s *Session) finish(err error) {
	s.a.close()
	if s.ownsRadio {
		s.a.radio.Close()
	}
	if err != nil {
		s.a.logf("%v", err)
		s.emit(Event{Kind: LinkLost, Time: s.a.opts.Now(), Err: err})
	}
	s.err = err
}
