package nl80211

import (
	"context"
	"testing"
	"time"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"github.com/google/go-cmp/cmp"
)

// fakeClient returns a Client over a fake kernel.
func fakeClient(t *testing.T) (*Client, *nl80211test.Kernel) {
	t.Helper()
	k := nl80211test.New()
	t.Cleanup(k.Close)
	c, err := NewClient(k.Conns())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, k
}

// next returns the next event of sub, failing after a second.
func next(t *testing.T, sub *Subscription) Event {
	t.Helper()
	select {
	case ev := <-sub.C:
		return ev
	case <-time.After(time.Second):
		t.Fatal("no event within a second")
	}
	return nil
}

func TestScanProbesHiddenNetworks(t *testing.T) {
	c, k := fakeClient(t)
	ap1, ap2 := testutil.MAC(t, "02:00:00:00:00:01"), testutil.MAC(t, "02:00:00:00:00:02")
	k.AddBSS(nl80211test.BSS{BSSID: ap1, Frequency: 2412, Signal: -4000, SSID: "open"})
	k.AddBSS(nl80211test.BSS{BSSID: ap2, Frequency: 5180, Signal: -6000, SSID: "secret", Hidden: true})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	tests := []struct {
		name string
		req  ScanRequest
		want map[string]int // SSID -> frequency
	}{
		{"wildcard only", ScanRequest{SSIDs: []string{""}}, map[string]int{"open": 2412, "": 5180}},
		{"probing the hidden SSID", ScanRequest{SSIDs: []string{"secret", ""}}, map[string]int{"open": 2412, "secret": 5180}},
		{"one frequency", ScanRequest{SSIDs: []string{"secret", ""}, Frequencies: []int{5180}}, map[string]int{"secret": 5180}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bsses, err := c.Scan(ctx, 3, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, b := range bsses {
				got[b.SSID] = b.Frequency
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("scan results (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConnectDeliversEvents(t *testing.T) {
	c, k := fakeClient(t)
	ap := testutil.MAC(t, "02:00:00:00:00:01")
	sub := c.Subscribe(3)
	defer sub.Close()
	other := c.Subscribe(4)
	defer other.Close()
	a, err := c.Connect(3, ConnectParams{SSID: "home", BSSID: ap, Frequency: 2412})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if got, want := next(t, sub), (&ConnectEvent{Ifindex: 3, BSSID: ap}); !cmp.Equal(got, Event(want)) {
		t.Errorf("first event %#v, want %#v", got, want)
	}
	if err := k.DeliverEAPOL(3, ap, []byte{2, 3, 0, 0}, true); err != nil {
		t.Fatal(err)
	}
	want := &ControlPortFrame{Ifindex: 3, Source: ap, Proto: 0x888e, Frame: []byte{2, 3, 0, 0}, Unencrypted: true}
	if diff := cmp.Diff(Event(want), next(t, sub)); diff != "" {
		t.Errorf("EAPOL frame event (-want +got):\n%s", diff)
	}
	k.RegChange("DE")
	if diff := cmp.Diff(Event(&RegChangeEvent{Alpha2: "DE", Wiphy: -1}), next(t, other)); diff != "" {
		t.Errorf("a subscription of another interface: (-want +got):\n%s", diff)
	}
	select {
	case ev := <-other.C:
		t.Errorf("a subscription of interface 4 got %#v", ev)
	default:
	}
}

func TestCloseEndsSubscriptions(t *testing.T) {
	c, _ := fakeClient(t)
	sub := c.Subscribe(0)
	c.Close()
	select {
	case <-sub.Done():
	case <-time.After(time.Second):
		t.Fatal("subscription still open after Close")
	}
	select {
	case <-c.Subscribe(0).Done():
	default:
		t.Error("Subscribe on a closed client returned an open subscription")
	}
	if _, err := c.Interfaces(); err == nil {
		t.Error("Interfaces on a closed client succeeded")
	}
}
