package netboot

import (
	"net/netip"
	"testing"
	"time"

	"github.com/airroot/airroot/netboot/dhcp"
)

func TestNextLeaseAction(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	l := &dhcp.Lease{Acquired: t0, Duration: 120 * time.Second, T1: 60 * time.Second, T2: 105 * time.Second}
	tests := []struct {
		at       time.Duration
		want     leaseAction
		wantNext time.Duration
	}{
		{at: 0, want: actionWait, wantNext: 60 * time.Second},
		{at: 59 * time.Second, want: actionWait, wantNext: 60 * time.Second},
		{at: 60 * time.Second, want: actionRenew, wantNext: 105 * time.Second},
		{at: 104 * time.Second, want: actionRenew, wantNext: 105 * time.Second},
		{at: 105 * time.Second, want: actionRebind, wantNext: 120 * time.Second},
		{at: 120 * time.Second, want: actionInit, wantNext: 120 * time.Second},
		{at: time.Hour, want: actionInit, wantNext: time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.at.String(), func(t *testing.T) {
			got, next := nextLeaseAction(l, t0.Add(tt.at))
			if got != tt.want || !next.Equal(t0.Add(tt.wantNext)) {
				t.Errorf("at %v: %v until %v, want %v until %v", tt.at, got, next.Sub(t0), tt.want, tt.wantNext)
			}
		})
	}
}

func TestNextLeaseActionInfinite(t *testing.T) {
	l := &dhcp.Lease{Acquired: time.Now(), Duration: dhcp.Infinite}
	if got, next := nextLeaseAction(l, time.Now().Add(1000*time.Hour)); got != actionWait || !next.IsZero() {
		t.Errorf("infinite lease: %v until %v, want wait forever", got, next)
	}
}

func TestStateRoundTrip(t *testing.T) {
	n := New(nil, nil)
	n.Adopt(State{
		Interface: "wlan0", Address: netip.MustParsePrefix("10.0.2.15/24"), Gateway: addr("10.0.2.2"),
		DHCP: true, ServerID: addr("10.0.2.2"), RootPath: "/srv/pi",
	})
	spec, err := n.RootSpec(nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if spec.Server != "10.0.2.2" || spec.Path != "/srv/pi" {
		t.Errorf("RootSpec from an adopted lease = %+v", spec)
	}
	if got := n.State(); got.Interface != "wlan0" || !got.DHCP || got.RootPath != "/srv/pi" {
		t.Errorf("State after Adopt = %+v", got)
	}
}
