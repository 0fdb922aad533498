package keeper

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/netboot"
	"github.com/airroot/airroot/netboot/dhcp"
	"github.com/airroot/airroot/netboot/wifi"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestKeeperMessagesRoundTrip(t *testing.T) {
	state := netboot.State{Interface: "wlan0", Address: netip.MustParsePrefix("10.0.2.15/24"), DHCP: true, RootPath: "/srv"}
	msgs := []message{
		{Step: &bootlog.Step{Name: "link", Start: 2.5, End: 3}},
		{DevicesSettled: true},
		{Ready: &state},
		{Switching: "/newroot"},
		{Holding: "/newroot"},
	}
	var buf bytes.Buffer
	for _, m := range msgs {
		if err := send(&buf, m); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(buf.String(), "\n"); n != len(msgs) {
		t.Errorf("%d lines for %d messages", n, len(msgs))
	}
	dec := json.NewDecoder(&buf)
	for i, want := range msgs {
		got, err := receive(dec)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateComparable(netip.Prefix{}, netip.Addr{})); diff != "" {
			t.Errorf("message %d (-want +got):\n%s", i, diff)
		}
	}
	if _, err := receive(dec); err != io.EOF {
		t.Errorf("after the last message: %v, want EOF", err)
	}
}

func TestKeeperRejectsEmptyMessage(t *testing.T) {
	if _, err := receive(json.NewDecoder(strings.NewReader("{}\n"))); err == nil {
		t.Error("an empty message was accepted")
	}
}

// pipe is one end of the control connection: reads come from in, writes go to out.
type pipe struct {
	in  io.Reader
	out bytes.Buffer
}

func (p *pipe) Read(b []byte) (int, error)  { return p.in.Read(b) }
func (p *pipe) Write(b []byte) (int, error) { return p.out.Write(b) }
func (p *pipe) Close() error                { return nil }

// lines is what one end wrote: messages, one a line.
func lines(t *testing.T, msgs ...message) io.Reader {
	t.Helper()
	var buf bytes.Buffer
	for _, m := range msgs {
		if err := send(&buf, m); err != nil {
			t.Fatal(err)
		}
	}
	return &buf
}

func TestAwaitReady(t *testing.T) {
	state := netboot.State{Interface: "wlan0", Address: netip.MustParsePrefix("10.0.2.15/24"), DHCP: true}
	wifiStep := bootlog.Step{Name: "wifi", Start: 3, End: 5}
	tests := []struct {
		name          string
		msgs          []message
		wantSteps     []bootlog.Step
		wantAwaiting  int
		wantErr       string
		wantPermanent bool
	}{
		{name: "steps, then ready", msgs: []message{{Step: &wifiStep}, {Ready: &state}}, wantSteps: []bootlog.Step{wifiStep}},
		{name: "a wired link awaits the devices, then ready", msgs: []message{{AwaitingDevices: true}, {Step: &wifiStep}, {Ready: &state}},
			wantSteps: []bootlog.Step{wifiStep}, wantAwaiting: 1},
		{name: "fatal", msgs: []message{{Step: &wifiStep}, {Fatal: "wifi: no enabled network"}},
			wantSteps: []bootlog.Step{wifiStep}, wantErr: "wifi: no enabled network", wantPermanent: true},
		{name: "keeper gone", msgs: []message{{Step: &wifiStep}},
			wantSteps: []bootlog.Step{wifiStep}, wantErr: "keeper (pid 7) ended before the network was up: what it printed is above"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var steps []bootlog.Step
			awaiting := 0
			got, err := newProc(7, &pipe{in: lines(t, tt.msgs...)}).AwaitReady(func(st bootlog.Step) { steps = append(steps, st) }, func() { awaiting++ })
			if diff := cmp.Diff(tt.wantSteps, steps); diff != "" {
				t.Errorf("steps (-want +got):\n%s", diff)
			}
			if awaiting != tt.wantAwaiting {
				t.Errorf("told %d times that the keeper awaits the devices, want %d", awaiting, tt.wantAwaiting)
			}
			if tt.wantErr == "" {
				if err != nil || got.Interface != "wlan0" {
					t.Fatalf("AwaitReady = %+v, %v; want wlan0's state", got, err)
				}
				return
			}
			if err == nil || err.Error() != tt.wantErr {
				t.Fatalf("AwaitReady error = %v, want %q", err, tt.wantErr)
			}
			if errors.Is(err, bootlog.ErrPermanent) != tt.wantPermanent {
				t.Errorf("permanent = %v, want %v", !tt.wantPermanent, tt.wantPermanent)
			}
		})
	}
}

// TestLinkWhenSettledSaysItWaits: a wired root's link step tells PID 1
// that it waits for the devices before it waits, so that PID 1 raises them.
func TestLinkWhenSettledSaysItWaits(t *testing.T) {
	conn := &pipe{in: strings.NewReader("")}
	k := &keeper{log: &bootlog.Logger{}, ctl: pid1{conn}, settled: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the devices never settle: the step gives up at once
	if err := k.linkWhenSettled(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("linkWhenSettled = %v, want %v", err, context.Canceled)
	}
	m, err := receive(json.NewDecoder(&conn.out))
	if err != nil || !m.AwaitingDevices {
		t.Errorf("PID 1 was told %+v, %v; want awaiting_devices", m, err)
	}
}

func TestPID1Listen(t *testing.T) {
	tests := []struct {
		name    string
		openErr error
		wantAck message
	}{
		{name: "holds the new root", wantAck: message{Holding: "/newroot"}},
		{name: "cannot open it", openErr: errors.New("open /newroot: no such file or directory"),
			wantAck: message{Fatal: "open /newroot: no such file or directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &pipe{in: lines(t, message{DevicesSettled: true}, message{Switching: "/newroot"})}
			var got []string
			pid1{p}.listen(func() { got = append(got, "settled") },
				func(dir string) error { got = append(got, "switching "+dir); return tt.openErr })
			if diff := cmp.Diff([]string{"settled", "switching /newroot"}, got); diff != "" {
				t.Errorf("what the keeper heard (-want +got):\n%s", diff)
			}
			ack, err := receive(json.NewDecoder(&p.out))
			if err != nil {
				t.Fatalf("the keeper answered nothing readable: %v", err)
			}
			if diff := cmp.Diff(tt.wantAck, ack); diff != "" {
				t.Errorf("the keeper's answer (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSwitching plays the keeper's answers to PID 1's "switching": PID 1
// must wait for the keeper to hold the new root, and give up, saying why,
// when it cannot or does not answer in time.
func TestSwitching(t *testing.T) {
	step := bootlog.Step{Name: "wifi", Start: 1, End: 2}
	silent, _ := io.Pipe() // a keeper that never answers
	tests := []struct {
		name    string
		in      io.Reader
		wantErr string
	}{
		{name: "holds it", in: lines(t, message{Holding: "/newroot"})},
		{name: "a late step, then holds it", in: lines(t, message{Step: &step}, message{Holding: "/newroot"})},
		{name: "holds another directory", in: lines(t, message{Holding: "/elsewhere"}),
			wantErr: "keeper (pid 7) stopped before it held /newroot: EOF"},
		{name: "cannot open it", in: lines(t, message{Fatal: "open /newroot: permission denied"}),
			wantErr: "keeper (pid 7) cannot hold /newroot: open /newroot: permission denied"},
		{name: "keeper gone", in: lines(t), wantErr: "keeper (pid 7) stopped before it held /newroot: EOF"},
		{name: "no answer", in: silent, wantErr: "keeper (pid 7) did not say within 50ms that it holds /newroot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &pipe{in: tt.in}
			proc := newProc(7, p)
			proc.ackTimeout = 50 * time.Millisecond
			err := proc.Switching("/newroot")
			if got := fmt.Sprint(err); (tt.wantErr == "" && err != nil) || (tt.wantErr != "" && got != tt.wantErr) {
				t.Errorf("Switching() = %v, want %q", err, tt.wantErr)
			}
			sent, rerr := receive(json.NewDecoder(&p.out))
			if rerr != nil || sent.Switching != "/newroot" {
				t.Errorf("PID 1 sent %+v (%v), want switching /newroot", sent, rerr)
			}
		})
	}
}

func TestRejoinGap(t *testing.T) {
	tests := []struct {
		lost, want time.Duration
	}{
		{lost: 0, want: 0},
		{lost: 100 * time.Millisecond, want: 6250 * time.Microsecond},
		{lost: 3 * time.Second, want: 187500 * time.Microsecond},
		{lost: 5 * time.Second, want: rejoinBriskGap},
		{lost: 7900 * time.Millisecond, want: rejoinBriskGap},
		{lost: 8 * time.Second, want: time.Second},
		{lost: 30 * time.Second, want: 3750 * time.Millisecond},
		{lost: 40 * time.Second, want: rejoinMaxGap},
		{lost: 64 * time.Second, want: rejoinMaxGap},
		{lost: time.Hour, want: rejoinMaxGap},
	}
	for _, tt := range tests {
		if got := rejoinGap(tt.lost); got != tt.want {
			t.Errorf("rejoinGap(%v) = %v, want %v", tt.lost, got, tt.want)
		}
	}
}

// TestRejoinAttemptsOverAnOutage counts the attempts of a model outage,
// each a scan of scan: an access point back within the first seconds is
// tried within rejoinBriskGap and a scan of its return, while a long
// outage costs a few attempts a minute.
func TestRejoinAttemptsOverAnOutage(t *testing.T) {
	const scan = 100 * time.Millisecond
	for _, tt := range []struct {
		name        string
		from, to    time.Duration
		maxAttempts int
		maxSilence  time.Duration // the longest time without a scan
	}{
		{name: "a restart's first 8 s", from: 0, to: 8 * time.Second, maxAttempts: 40, maxSilence: rejoinBriskGap},
		{name: "from 8 s to half a minute", from: 8 * time.Second, to: 30 * time.Second, maxAttempts: 12, maxSilence: 4 * time.Second},
		{name: "a minute of a long outage", from: 10 * time.Minute, to: 11 * time.Minute, maxAttempts: 12, maxSilence: rejoinMaxGap},
	} {
		t.Run(tt.name, func(t *testing.T) {
			attempts, silence := 0, time.Duration(0)
			for lost := time.Duration(0); lost < tt.to; {
				lost += scan
				gap := rejoinGap(lost)
				if lost >= tt.from {
					attempts++
					silence = max(silence, gap)
				}
				lost += gap
			}
			if attempts > tt.maxAttempts || silence > tt.maxSilence {
				t.Errorf("%d attempts, %v at most between scans; want at most %d and %v", attempts, silence, tt.maxAttempts, tt.maxSilence)
			}
		})
	}
}

func TestLoudAttempt(t *testing.T) {
	var loud []int
	for attempt := 1; attempt <= 20; attempt++ {
		if loudAttempt(attempt) {
			loud = append(loud, attempt)
		}
	}
	if diff := cmp.Diff([]int{1, 2, 4, 8, 16}, loud); diff != "" {
		t.Errorf("attempts logged on the console (-want +got):\n%s", diff)
	}
}

func TestRestartHint(t *testing.T) {
	tests := []struct {
		name string
		last workerState
		want wifi.Hint
	}{
		{name: "the last channel", last: workerState{SSID: "home", Frequency: 2437}, want: wifi.Hint{Frequencies: []int{2437}}},
		{name: "no channel said: every channel", last: workerState{SSID: "home"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, restartHint(tt.last)); diff != "" {
				t.Errorf("restartHint() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLostCause(t *testing.T) {
	err := fmt.Errorf(`link to 02:00:00:00:01:00 ("x") lost: the access point disconnected us (reason 2): %w`, wifi.ErrLinkLost)
	tests := []struct {
		err  error
		want string
	}{
		{err: err, want: `link to 02:00:00:00:01:00 ("x") lost: the access point disconnected us (reason 2)`},
		{err: nil, want: "disconnected"},
	}
	for _, tt := range tests {
		if got := lostCause(tt.err); got != tt.want {
			t.Errorf("lostCause(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

// TestResumedLeaseOnBoottime: a board without a real-time clock took its
// lease in 1970, 60 s after boot; NTP then set the clock to 2026, and the
// worker restarted 120 s after boot. The next worker's lease is 60 s old,
// not 56 years: it renews at T1, as the last one would have.
func TestResumedLeaseOnBoottime(t *testing.T) {
	took := time.Unix(60, 0)
	l := &dhcp.Lease{Address: netip.MustParsePrefix("10.0.2.15/24"), Duration: time.Hour, T1: 30 * time.Minute, Acquired: took}
	stamp := leaseUptime(l, took.Add(10*time.Second), 70) // reported 10 s after it was taken
	if stamp != 60 {
		t.Fatalf("leaseUptime = %v, want 60", stamp)
	}
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	got := resumedLease(l, stamp, now, 120)
	if want := now.Add(-60 * time.Second); !got.Acquired.Equal(want) || !l.Acquired.Equal(took) {
		t.Errorf("resumed lease acquired %v, want %v (and the old one untouched: %v)", got.Acquired, want, l.Acquired)
	}
	if !now.Before(got.ExpiresAt()) {
		t.Errorf("the resumed lease expired at %v, before %v", got.ExpiresAt(), now)
	}
	if again := resumedLease(l, 0, now, 120); again != l {
		t.Errorf("without a stamp the lease must stay as reported, got %+v", again)
	}
}
