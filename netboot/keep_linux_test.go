package netboot

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/netboot/dhcp"
	"github.com/airroot/airroot/netboot/link"
	"github.com/google/go-cmp/cmp"
)

// virtualClock is Keep's clock in a test: Sleep moves time on at once (after
// a real millisecond, for what runs beside Keep to act), and ends the test's
// context once time passes end. A Sleep that would pass event stops there,
// calls onEvent and waits for its context to end.
type virtualClock struct {
	now     time.Time
	end     time.Time
	cancel  context.CancelFunc
	event   time.Time
	onEvent func()
}

func (c *virtualClock) Now() time.Time { return c.now }

func (c *virtualClock) Sleep(ctx context.Context, d time.Duration) error {
	time.Sleep(time.Millisecond)
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.onEvent != nil && c.now.Before(c.event) && !c.now.Add(d).Before(c.event) {
		c.now, c.event = c.event, time.Time{}
		c.onEvent()
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
		}
		return ctx.Err()
	}
	c.now = c.now.Add(d)
	if c.now.After(c.end) {
		c.cancel()
	}
	return ctx.Err()
}

// call is one exchange Keep started: its kind and when.
type call struct {
	kind string // "renew", "rebind" or "init <address>"
	at   time.Duration
}

// fakeLeaser answers Keep's exchanges at once, as the test says.
type fakeLeaser struct {
	clock *virtualClock
	start time.Time
	calls []call
	dials int // clients Keep made
	// configured are the addresses Keep gave the interface.
	configured []netip.Prefix
	extend     func() (*dhcp.Lease, error) // renewals and rebindings
	confirm    func() (*dhcp.Lease, error) // INIT-REBOOT; nil: as extend
	acquire    func(addr netip.Addr) (*dhcp.Lease, error)
}

func (f *fakeLeaser) record(kind string) {
	f.calls = append(f.calls, call{kind, f.clock.now.Sub(f.start)})
}

func (f *fakeLeaser) Renew(context.Context, *dhcp.Lease) (*dhcp.Lease, error) {
	f.record("renew")
	return f.extend()
}

func (f *fakeLeaser) Rebind(context.Context, *dhcp.Lease) (*dhcp.Lease, error) {
	f.record("rebind")
	return f.extend()
}

func (f *fakeLeaser) Confirm(context.Context, *dhcp.Lease) (*dhcp.Lease, error) {
	f.record("confirm")
	if f.confirm != nil {
		return f.confirm()
	}
	return f.extend()
}

// Reclaim is INIT while the lease runs: only addr will do.
func (f *fakeLeaser) Reclaim(_ context.Context, addr netip.Addr) (*dhcp.Lease, error) {
	f.record("init " + addr.String())
	l, err := f.acquire(addr)
	if err == nil && l.Address.Addr() != addr {
		return nil, &dhcp.MovedError{Interface: "eth0", Wanted: addr, Offered: l.Address.Addr()}
	}
	return l, err
}

// Reacquire is INIT once the lease is over: addr first, else the server's.
func (f *fakeLeaser) Reacquire(_ context.Context, addr netip.Addr) (*dhcp.Lease, error) {
	f.record("init " + addr.String() + " or another")
	return f.acquire(addr)
}

func (f *fakeLeaser) Close() error { return nil }

var (
	keptAddr = netip.MustParsePrefix("10.0.2.15/24")
	errNAK   = &dhcp.NAKError{Interface: "eth0", Server: netip.MustParseAddr("10.0.2.2"), Address: keptAddr.Addr()}
	errBind  = errors.New("open UDP socket for 10.0.2.15 on eth0: bind: address already in use")
)

// keepFor runs Keep on an hour's lease, from its T1 for span of virtual
// time, with leaser answering; it returns the exchanges and the Net.
func keepFor(t *testing.T, span time.Duration, f *fakeLeaser) *Net {
	t.Helper()
	return keepForWith(t, span, f, func(*Net) {})
}

// keepForWith is keepFor with the Net set up further by setup.
func keepForWith(t *testing.T, span time.Duration, f *fakeLeaser, setup func(*Net)) *Net {
	t.Helper()
	t1 := time.Now()
	lease := &dhcp.Lease{Interface: "eth0", Address: keptAddr, Duration: time.Hour, T1: 30 * time.Minute,
		T2: 52*time.Minute + 30*time.Second, Acquired: t1.Add(-30 * time.Minute)}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	f.clock = &virtualClock{now: t1, end: t1.Add(span), cancel: cancel}
	f.start = t1
	if f.acquire == nil {
		f.acquire = func(addr netip.Addr) (*dhcp.Lease, error) {
			return &dhcp.Lease{Interface: "eth0", Address: netip.PrefixFrom(addr, 24), Duration: time.Hour,
				T1: 30 * time.Minute, T2: 52*time.Minute + 30*time.Second, Acquired: f.clock.now}, nil
		}
	}
	n := New(nil, nil)
	n.iface, n.addr, n.lease, n.clock = "eth0", keptAddr, lease, f.clock
	n.dial = func(string, ...dhcp.Option) (leaseClient, error) { f.dials++; return f, nil }
	n.configure = func(iface string, addr netip.Prefix, gw netip.Addr, _ ...link.Route) error {
		f.configured = append(f.configured, addr)
		return nil
	}
	setup(n)
	done := make(chan error)
	go func() { done <- n.Keep(ctx, "") }()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Keep = %v, want it to end with its context", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Keep did not return when its context ended")
	}
	return n
}

func TestKeepNAKGoesBackToINIT(t *testing.T) {
	f := &fakeLeaser{extend: func() (*dhcp.Lease, error) { return nil, errNAK }}
	n := keepFor(t, time.Minute, f)
	want := []call{{"renew", 0}, {"init 10.0.2.15", 0}}
	if diff := cmp.Diff(want, f.calls, cmp.AllowUnexported(call{})); diff != "" {
		t.Errorf("exchanges in the minute after a NAK (-want +got):\n%s", diff)
	}
	if n.addr != keptAddr || !n.lease.Acquired.Equal(f.start) {
		t.Errorf("after INIT: address %s, lease from %v; want %s, a new lease", n.addr, n.lease.Acquired, keptAddr)
	}
}

// TestKeepReusesItsClient: Keep makes its DHCP client once and keeps it
// across a NAK (an answer from the server), but makes a new one after a
// failure of its own, in case the interface went and came back.
func TestKeepReusesItsClient(t *testing.T) {
	tests := []struct {
		name      string
		extend    func() (*dhcp.Lease, error)
		span      time.Duration
		wantDials int
	}{
		{name: "NAK then INIT", extend: func() (*dhcp.Lease, error) { return nil, errNAK }, span: time.Minute, wantDials: 1},
		{name: "bind fails twice", extend: func() (*dhcp.Lease, error) { return nil, errBind }, span: 12 * time.Minute, wantDials: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeLeaser{extend: tt.extend}
			keepFor(t, tt.span, f)
			if f.dials != tt.wantDials || len(f.calls) != 2 {
				t.Errorf("%d clients for %d exchanges (%v), want %d for 2", f.dials, len(f.calls), f.calls, tt.wantDials)
			}
		})
	}
}

func TestKeepServerRefusingEverything(t *testing.T) {
	f := &fakeLeaser{
		extend:  func() (*dhcp.Lease, error) { return nil, errNAK },
		acquire: func(netip.Addr) (*dhcp.Lease, error) { return nil, errNAK },
	}
	keepFor(t, time.Minute, f)
	if len(f.calls) > 3 {
		t.Errorf("%d exchanges in a minute with a server NAKing everything, want at most 3: %v", len(f.calls), f.calls)
	}
}

func TestKeepBacksOffFailedRefreshes(t *testing.T) {
	f := &fakeLeaser{
		extend:  func() (*dhcp.Lease, error) { return nil, errBind },
		acquire: func(netip.Addr) (*dhcp.Lease, error) { return nil, errBind },
	}
	keepFor(t, 40*time.Minute, f) // from T1 to 10 minutes past expiry
	var kinds []string
	for i, c := range f.calls {
		if len(kinds) == 0 || kinds[len(kinds)-1] != c.kind {
			kinds = append(kinds, c.kind)
		}
		if i > 0 && c.kind == f.calls[i-1].kind && c.at-f.calls[i-1].at < minRetry {
			t.Errorf("%s at %v, %v after the last: want at least %v", c.kind, c.at, c.at-f.calls[i-1].at, minRetry)
		}
	}
	if diff := cmp.Diff([]string{"renew", "rebind", "init 10.0.2.15 or another"}, kinds); diff != "" {
		t.Errorf("states (-want +got):\n%s", diff)
	}
	// RFC 2131 4.4.5: half the time to T2 (22.5 min away) first.
	if len(f.calls) < 2 || f.calls[1].at != 22*time.Minute/2+15*time.Second {
		t.Errorf("second renewal at %v, want half-way to T2 (11m15s): %v", f.calls[1].at, f.calls)
	}
}

func TestRetryWait(t *testing.T) {
	tests := []struct{ left, want time.Duration }{
		{left: 22*time.Minute + 30*time.Second, want: 11*time.Minute + 15*time.Second},
		{left: 100 * time.Second, want: time.Minute},
		{left: 30 * time.Second, want: 30 * time.Second},
		{left: 0, want: 0},
		{left: -time.Second, want: 0},
	}
	for _, tt := range tests {
		if got := retryWait(tt.left); got != tt.want {
			t.Errorf("retryWait(%v) = %v, want %v", tt.left, got, tt.want)
		}
	}
}

func TestKeepReturnsWhenContextEnds(t *testing.T) {
	n := New(nil, nil)
	n.iface, n.addr = "eth0", keptAddr
	n.lease = &dhcp.Lease{Address: keptAddr, Duration: time.Hour, T1: time.Minute, T2: 2 * time.Minute,
		Acquired: time.Now().Add(-90 * time.Second)}
	dials := 0
	n.dial = func(string, ...dhcp.Option) (leaseClient, error) {
		dials++
		return nil, errBind
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := n.Keep(ctx, "")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("Keep = %v after %v, want the context's end within its 200ms", err, time.Since(start))
	}
	if dials > 2 {
		t.Errorf("Keep made %d clients in 200ms, want two (its set-up, then the renewal) and a wait", dials)
	}
}

// TestKeepServerMovesTheAddress: after a NAK, a server that offers another
// address does not move the board while its lease runs: it keeps the address,
// says so at error level, and asks again, the last time as the lease ends;
// only then does it take what the server offers.
func TestKeepServerMovesTheAddress(t *testing.T) {
	other := netip.MustParsePrefix("10.0.2.99/24")
	tests := []struct {
		name      string
		fixedAt   time.Duration // when the server gives the old address back; 0: never
		wantAddr  netip.Prefix
		wantLast  string // the last exchange's kind
		wantMoved bool   // an error line that the board moved
	}{
		{name: "server fixed before the lease ends", fixedAt: 20 * time.Minute, wantAddr: keptAddr, wantLast: "init 10.0.2.15"},
		{name: "server insists", wantAddr: other, wantLast: "init 10.0.2.15 or another", wantMoved: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeLeaser{extend: func() (*dhcp.Lease, error) { return nil, errNAK }}
			f.acquire = func(netip.Addr) (*dhcp.Lease, error) {
				addr := other
				if tt.fixedAt > 0 && f.clock.now.Sub(f.start) >= tt.fixedAt {
					addr = keptAddr
				}
				return &dhcp.Lease{Interface: "eth0", Address: addr, Duration: time.Hour,
					T1: 30 * time.Minute, T2: 52*time.Minute + 30*time.Second, Acquired: f.clock.now}, nil
			}
			var errs []string
			n := keepForWith(t, 35*time.Minute, f, func(n *Net) {
				n.SetErrorf(func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) })
			})
			if n.addr != tt.wantAddr {
				t.Errorf("address %s, want %s", n.addr, tt.wantAddr)
			}
			if f.dials != 1 {
				t.Errorf("%d DHCP clients made, want 1: an offer is an answer, the interface is there", f.dials)
			}
			if moved := len(f.configured) > 0; moved != tt.wantMoved || (moved && f.configured[0] != other) {
				t.Errorf("interface configured with %v, want %s only if moved (%v)", f.configured, other, tt.wantMoved)
			}
			last := f.calls[len(f.calls)-1]
			if last.kind != tt.wantLast || last.at > 30*time.Minute {
				t.Errorf("last exchange %v, want %q by the lease's end (30m): %v", last, tt.wantLast, f.calls)
			}
			for i, c := range f.calls[1:] {
				if c.kind != "renew" && i > 0 && c.at-f.calls[i].at < minRetry && c.at < 30*time.Minute {
					t.Errorf("%v %v after the last ask: want at least %v", c, c.at-f.calls[i].at, minRetry)
				}
			}
			if len(errs) == 0 || !strings.Contains(errs[0], "cannot follow") || !strings.Contains(errs[0], "dhcp-host=") {
				t.Errorf("error lines %q: want the first to say the root cannot follow and how to pin the address", errs)
			}
			moved := strings.Contains(errs[len(errs)-1], "now has "+other.String())
			if moved != tt.wantMoved {
				t.Errorf("last error line %q: moved %v, want %v", errs[len(errs)-1], moved, tt.wantMoved)
			}
		})
	}
}

// TestKeepConfirmsWhenTheLinkIsBack: ten minutes into an hour's lease the
// link comes back (a Wi-Fi rejoin); Keep stops waiting for T1 and confirms
// the lease at once (INIT-REBOOT). An ACK restarts the lease, a NAK sends
// Keep to INIT for the same address, silence keeps the lease until T1.
func TestKeepConfirmsWhenTheLinkIsBack(t *testing.T) {
	fresh := func(f *fakeLeaser) func() (*dhcp.Lease, error) {
		return func() (*dhcp.Lease, error) { return f.acquire(keptAddr.Addr()) }
	}
	silence := func() (*dhcp.Lease, error) {
		return nil, &dhcp.NoReplyError{Interface: "eth0", Want: "ACK", For: "confirming 10.0.2.15", Attempts: 3, Elapsed: confirmWait}
	}
	tests := []struct {
		name      string
		confirm   func(f *fakeLeaser) func() (*dhcp.Lease, error)
		span      time.Duration
		wantCalls []call
		wantLog   string
	}{
		{name: "acknowledged", confirm: fresh, span: 45 * time.Minute,
			wantCalls: []call{{"confirm", 10 * time.Minute}, {"renew", 40 * time.Minute}},
			wantLog:   "dhcp: confirmed 10.0.2.15 from invalid IP for 1h0m0s"},
		{name: "refused", confirm: func(*fakeLeaser) func() (*dhcp.Lease, error) {
			return func() (*dhcp.Lease, error) { return nil, errNAK }
		}, span: 15 * time.Minute,
			wantCalls: []call{{"confirm", 10 * time.Minute}, {"init 10.0.2.15", 10 * time.Minute}},
			wantLog:   "dhcp: confirm of 10.0.2.15 on eth0: DHCP server 10.0.2.2 refused 10.0.2.15 on eth0 (NAK); asking for 10.0.2.15 again"},
		{name: "no answer", confirm: func(*fakeLeaser) func() (*dhcp.Lease, error) { return silence }, span: 35 * time.Minute,
			wantCalls: []call{{"confirm", 10 * time.Minute}, {"renew", 30 * time.Minute}},
			wantLog:   "dhcp: confirm of 10.0.2.15 on eth0: no DHCP ACK on eth0 confirming 10.0.2.15 after 3 attempts (15s); keeping the lease, to be renewed at T1 in 20m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeLeaser{}
			f.extend, f.confirm = fresh(f), tt.confirm(f)
			var logged []string
			keepForWith(t, tt.span, f, func(n *Net) {
				n.lease.Acquired = f.clock.now // T1 in 30 minutes
				n.logf = func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }
				f.clock.event, f.clock.onEvent = f.clock.now.Add(10*time.Minute), n.LinkBack
			})
			if diff := cmp.Diff(tt.wantCalls, f.calls, cmp.AllowUnexported(call{})); diff != "" {
				t.Errorf("exchanges (-want +got):\n%s", diff)
			}
			if !slices.ContainsFunc(logged, func(l string) bool { return strings.HasPrefix(l, tt.wantLog) }) {
				t.Errorf("log lacks %q:\n%s", tt.wantLog, strings.Join(logged, "\n"))
			}
		})
	}
}

// TestKeepIgnoresALinkBackBeforeIt: a rejoin before the lease was taken (the
// boot's DHCP step waited for it) needs no confirming.
func TestKeepIgnoresALinkBackBeforeIt(t *testing.T) {
	f := &fakeLeaser{extend: func() (*dhcp.Lease, error) { return nil, errNAK }}
	keepForWith(t, 20*time.Minute, f, func(n *Net) {
		n.lease.Acquired = f.clock.now
		n.LinkBack()
	})
	if len(f.calls) != 0 {
		t.Errorf("exchanges in the 20 minutes before T1: %v, want none", f.calls)
	}
}

// TestKeepRenewalWithNewRoutes: a renewal whose ACK brings other classless
// static routes (option 121) reconfigures the interface with them, and the
// log says so; one with the same routes leaves the interface alone.
func TestKeepRenewalWithNewRoutes(t *testing.T) {
	routes := []link.Route{{Dest: netip.MustParsePrefix("192.168.50.0/24"), Via: netip.MustParseAddr("10.0.2.254")}}
	f := &fakeLeaser{}
	f.extend = func() (*dhcp.Lease, error) {
		l, err := f.acquire(keptAddr.Addr())
		l.Router, l.Routes = netip.MustParseAddr("10.0.2.2"), routes
		return l, err
	}
	var logged []string
	var configured [][]link.Route
	keepForWith(t, 45*time.Minute, f, func(n *Net) {
		n.gw = netip.MustParseAddr("10.0.2.2")
		n.logf = func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }
		n.configure = func(_ string, _ netip.Prefix, _ netip.Addr, r ...link.Route) error {
			configured = append(configured, r)
			return nil
		}
	})
	if len(configured) != 1 || !slices.Equal(configured[0], routes) {
		t.Errorf("configured %v over two renewals, want once with %v", configured, routes)
	}
	const want = "dhcp: renewed 10.0.2.15 from invalid IP for 1h0m0s, router now 10.0.2.2, routes 192.168.50.0/24 via 10.0.2.254"
	if !slices.Contains(logged, want) {
		t.Errorf("log lacks %q:\n%s", want, strings.Join(logged, "\n"))
	}
}

// TestKeepMTU: a renewal's MTU (option 26) is set once, not at every renewal;
// a refused one is logged once and the lease kept.
func TestKeepMTU(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		f := &fakeLeaser{}
		f.extend = func() (*dhcp.Lease, error) {
			l, err := f.acquire(keptAddr.Addr())
			l.MTU = 1400
			return l, err
		}
		var logged []string
		var set []int
		keepForWith(t, 45*time.Minute, f, func(n *Net) {
			n.logf = func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }
			n.setMTU = func(_ string, mtu int) (bool, error) {
				set = append(set, mtu)
				if refuse {
					return false, errors.New("set the MTU of eth0 to 1400 (it has 1500): invalid argument")
				}
				return true, nil
			}
		})
		want, wantLog := []int{1400}, "dhcp: eth0's MTU is now 1400, as the DHCP server says (option 26)"
		if refuse {
			wantLog = "dhcp: set the MTU of eth0 to 1400 (it has 1500): invalid argument; keeping the interface's own"
		}
		if !slices.Equal(set, want) {
			t.Errorf("refused %v: MTUs set %v over two renewals, want %v", refuse, set, want)
		}
		if !slices.ContainsFunc(logged, func(l string) bool { return strings.HasPrefix(l, wantLog) }) {
			t.Errorf("refused %v: log lacks %q:\n%s", refuse, wantLog, strings.Join(logged, "\n"))
		}
		if len(f.calls) != 2 {
			t.Errorf("refused %v: exchanges %v, want two renewals", refuse, f.calls)
		}
	}
}
