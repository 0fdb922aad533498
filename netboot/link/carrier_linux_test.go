package link

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// TestFollowCarrier: changes of the named interface's carrier are reported,
// not its first state, not other interfaces, not updates that change nothing
// (an address, a rename of another); its removal is a loss.
func TestFollowCarrier(t *testing.T) {
	up := func(name string) linkUpdate {
		return linkUpdate{Type: unix.RTM_NEWLINK, Iface: iface{Name: name, Flags: iffUp | iffLowerUp}}
	}
	lost := func(name string) linkUpdate {
		return linkUpdate{Type: unix.RTM_NEWLINK, Iface: iface{Name: name, Flags: iffUp}}
	}
	gone := linkUpdate{Type: unix.RTM_DELLINK, Iface: iface{Name: "eth0", Flags: iffUp | iffLowerUp}}
	tests := []struct {
		name     string
		from     carrierState
		updates  []linkUpdate
		want     []bool
		wantLast carrierState
	}{
		{name: "first state is no change", updates: []linkUpdate{up("eth0"), up("eth0")}, want: nil, wantLast: carrierUp},
		{name: "cable pulled and back", updates: []linkUpdate{up("eth0"), lost("eth0"), lost("eth0"), up("eth0")},
			want: []bool{false, true}, wantLast: carrierUp},
		{name: "other interfaces ignored", updates: []linkUpdate{up("eth0"), lost("wlan0"), up("eth1")}, want: nil, wantLast: carrierUp},
		{name: "interface removed", updates: []linkUpdate{up("eth0"), gone}, want: []bool{false}, wantLast: carrierLost},
		{name: "a change missed between subscriptions", from: carrierLost, updates: []linkUpdate{up("eth0")},
			want: []bool{true}, wantLast: carrierUp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			updates := make(chan linkUpdate, len(tt.updates))
			for _, u := range tt.updates {
				updates <- u
			}
			close(updates)
			var got []bool
			last := followCarrier(context.Background(), updates, "eth0", tt.from, func(up bool) { got = append(got, up) })
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if last != tt.wantLast {
				t.Errorf("last state %d, want %d", last, tt.wantLast)
			}
		})
	}
}

// TestIntegrationFollowCarrier: a veth whose peer goes down and up again, as a
// cable pulled and plugged back. FollowCarrier runs on the test's goroutine,
// whose thread is in the namespace; the cable is handled from another.
func TestIntegrationFollowCarrier(t *testing.T) {
	n := newTestNS(t)
	n.veth("a0", "b0")
	n.up("a0")
	n.up("b0")
	changes := make(chan bool, 4)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []bool
	cable := make(chan error, 1)
	go func() {
		defer cancel()
		time.Sleep(200 * time.Millisecond) // subscribed
		for _, plug := range []func() error{
			func() error { return n.handle.LinkSetDown(n.link("b0")) },
			func() error { return n.setUp("b0") },
		} {
			if err := plug(); err != nil {
				cable <- err
				return
			}
			select {
			case up := <-changes:
				got = append(got, up)
			case <-time.After(5 * time.Second):
				cable <- errors.New("no carrier change reported in 5 s")
				return
			}
		}
		cable <- nil
	}()
	err := FollowCarrier(ctx, "a0", func(up bool) { changes <- up })
	if err != context.Canceled {
		t.Errorf("FollowCarrier = %v, want context.Canceled", err)
	}
	if err := <-cable; err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]bool{false, true}, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}
