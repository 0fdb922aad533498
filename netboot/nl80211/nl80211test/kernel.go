//go:build linux

package nl80211test

import (
	"bytes"
	"io"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Family is the generic netlink family the fake kernel announces.
var Family = genetlink.Family{
	ID:      28,
	Version: 1,
	Name:    unix.NL80211_GENL_NAME,
	Groups: []genetlink.MulticastGroup{
		{ID: 5, Name: unix.NL80211_MULTICAST_GROUP_CONFIG},
		{ID: 6, Name: unix.NL80211_MULTICAST_GROUP_SCAN},
		{ID: 7, Name: unix.NL80211_MULTICAST_GROUP_REG},
		{ID: 8, Name: unix.NL80211_MULTICAST_GROUP_MLME},
	},
}

// Kernel is the fake nl80211 family. Set it up with the Add methods and
// the hooks before handing its connections (Conns) to nl80211.NewClient.
type Kernel struct {
	// OnConnect, when set, runs after each CMD_CONNECT was acknowledged
	// and decides what happens next (ConnectResult, EAPOL frames, ...).
	// When nil the kernel reports a successful connection.
	OnConnect func(r ConnectRequest)
	// OnAuthenticate, when set, receives each CMD_AUTHENTICATE (an SAE
	// message) once acknowledged; it answers with AuthFrame.
	OnAuthenticate func(r AuthRequest)
	// OnExternalAuth, when set, receives each CMD_EXTERNAL_AUTH: the
	// outcome of an SAE the driver asked for (ExternalAuthRequest).
	OnExternalAuth func(r ExternalAuthStatus)
	// OnControlPortTx, when set, receives each EAPOL frame sent with
	// CMD_CONTROL_PORT_FRAME.
	OnControlPortTx func(f ControlPortTx)
	// OnFrameTx, when set, receives each management frame sent with
	// CMD_FRAME.
	OnFrameTx func(ifindex int, frame []byte)
	// StallScans makes scans find their access points but never end, as
	// a scan lost in a slow or buggy driver would, until ABORT_SCAN.
	StallScans bool
	// ScanDwell, when set, makes a scan visit its channels one at a time,
	// ScanDwell on each, in the order the request names them (naming none:
	// the access points' channels, lowest first): GET_SCAN lists a
	// channel's access points once the scan visited it, and the scan ends
	// after the last channel, or at ABORT_SCAN. Set it before the first scan.
	ScanDwell time.Duration

	mu         sync.Mutex
	ifaces     []Interface
	wiphys     []Wiphy
	bsses      []BSS
	visible    map[int][]BSS         // per ifindex: what the last scan found
	scanning   map[int]bool          // per ifindex: a stalled scan is running
	stepping   map[int]chan struct{} // per ifindex: a ScanDwell scan runs until closed
	alpha2     string
	requests   []Request
	keys       []Key
	authorized map[int]net.HardwareAddr
	connected  map[int]net.HardwareAddr
	owners     map[int]*owner // per ifindex: the socket that connected
	failures   map[uint8][]int

	events chan genetlink.Message
	closed chan struct{}
	once   sync.Once
}

// owner is a socket that sent CMD_CONNECT: unicast events go to it.
type owner struct{ queue chan genetlink.Message }

// New returns a fake kernel with the world regulatory domain and nothing
// else.
func New() *Kernel {
	return &Kernel{
		alpha2:     "00",
		visible:    map[int][]BSS{},
		scanning:   map[int]bool{},
		stepping:   map[int]chan struct{}{},
		authorized: map[int]net.HardwareAddr{},
		connected:  map[int]net.HardwareAddr{},
		owners:     map[int]*owner{},
		failures:   map[uint8][]int{},
		events:     make(chan genetlink.Message, 256),
		closed:     make(chan struct{}),
	}
}

// Close unblocks the connections' readers; they then fail.
func (k *Kernel) Close() { k.once.Do(func() { close(k.closed) }) }

// Conns returns the three connections nl80211.NewClient takes: requests,
// multicast events, and a dialer of sockets that own connections.
func (k *Kernel) Conns() (*genetlink.Conn, *genetlink.Conn, func() (*genetlink.Conn, error)) {
	cmd := genltest.Dial(genltest.ServeFamily(Family, k.serve(nil)))
	events := genltest.Dial(genltest.ServeFamily(Family, k.serveEvents))
	dial := func() (*genetlink.Conn, error) {
		o := &owner{queue: make(chan genetlink.Message, 256)}
		return genltest.Dial(genltest.ServeFamily(Family, k.serve(o))), nil
	}
	return cmd, events, dial
}

// serve answers requests; o is the owner socket the requests come from,
// nil for the request socket.
func (k *Kernel) serve(o *owner) genltest.Func {
	return func(greq genetlink.Message, nreq netlink.Message) ([]genetlink.Message, error) {
		if nreq.Header.Length == 0 {
			if o == nil {
				return k.wait(nil)
			}
			return k.wait(o.queue)
		}
		r := Request{Command: greq.Header.Command, Flags: nreq.Header.Flags}
		attrs, err := netlink.UnmarshalAttributes(greq.Data)
		if err != nil {
			return nil, genltest.Error(int(unix.EINVAL))
		}
		r.Attrs = attrs
		k.mu.Lock()
		k.requests = append(k.requests, r)
		errno := k.takeFailure(r.Command)
		k.mu.Unlock()
		if errno != 0 {
			return nil, genltest.Error(errno)
		}
		msgs, err := k.handle(r, o)
		if err == nil && len(msgs) == 0 {
			// An empty dump: genltest's socket would otherwise take the
			// next Receive for a multicast one and wait for events.
			return ack()
		}
		return msgs, err
	}
}

// serveEvents delivers multicast events.
func (k *Kernel) serveEvents(greq genetlink.Message, nreq netlink.Message) ([]genetlink.Message, error) {
	if nreq.Header.Length != 0 {
		return nil, genltest.Error(int(unix.EOPNOTSUPP))
	}
	return k.wait(k.events)
}

// wait blocks until queue has a message or the kernel closes. A nil
// queue only waits for the close.
func (k *Kernel) wait(queue chan genetlink.Message) ([]genetlink.Message, error) {
	select {
	case m := <-queue:
		return []genetlink.Message{m}, nil
	case <-k.closed:
		return nil, net.ErrClosed
	}
}

// ack is the reply of a request that only wants an acknowledgement.
func ack() ([]genetlink.Message, error) { return nil, io.EOF }

// Fail makes the next requests with command cmd fail with the errnos
// given, one each.
func (k *Kernel) Fail(cmd uint8, errnos ...int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.failures[cmd] = append(k.failures[cmd], errnos...)
}

func (k *Kernel) takeFailure(cmd uint8) int {
	f := k.failures[cmd]
	if len(f) == 0 {
		return 0
	}
	k.failures[cmd] = f[1:]
	return f[0]
}

// AddInterface adds a wireless interface.
func (k *Kernel) AddInterface(i Interface) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if i.Type == 0 {
		i.Type = unix.NL80211_IFTYPE_STATION
	}
	k.ifaces = append(k.ifaces, i)
}

// AddWiphy adds a radio.
func (k *Kernel) AddWiphy(w Wiphy) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.wiphys = append(k.wiphys, w)
}

// AddBSS adds an access point for scans to find.
func (k *Kernel) AddBSS(b BSS) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.bsses = append(k.bsses, b)
}

// RemoveBSS takes the access point bssid away: scans no longer find it.
func (k *Kernel) RemoveBSS(bssid net.HardwareAddr) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.bsses = slices.DeleteFunc(k.bsses, func(b BSS) bool { return bytes.Equal(b.BSSID, bssid) })
}

// Requests returns the requests received so far with command cmd (all
// requests for 0).
func (k *Kernel) Requests(cmd uint8) []Request {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []Request
	for _, r := range k.requests {
		if cmd == 0 || r.Command == cmd {
			out = append(out, r)
		}
	}
	return out
}

// Keys returns the keys installed so far, in order.
func (k *Kernel) Keys() []Key {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]Key(nil), k.keys...)
}

// Authorized returns the peer whose port was authorized on ifindex.
func (k *Kernel) Authorized(ifindex int) net.HardwareAddr {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.authorized[ifindex]
}

// Alpha2 returns the regulatory domain.
func (k *Kernel) Alpha2() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.alpha2
}
