package wifi

import (
	"errors"
	"testing"
	"time"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
)

// TestJoinWaitsForDevicesToSettle starts Join before the radio exists, as
// the keeper does while PID 1 still loads modules: the interface timeout
// must not run out before the devices have settled.
func TestJoinWaitsForDevicesToSettle(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newEmptyWorld(t)
	settled := make(chan struct{})
	opts := w.options()
	opts.InterfaceTimeout, opts.DevicesSettled = 50*time.Millisecond, settled
	go func() {
		time.Sleep(4 * opts.InterfaceTimeout) // the driver loads late
		w.add(ap)
		w.k.AddWiphy(ccmpWiphy)
		w.k.AddInterface(nl80211test.Interface{Index: ifindex, Name: "wlan0", Wiphy: ccmpWiphy.Index, MAC: testutil.MAC(t, staMAC)})
		close(settled)
	}()
	if _, err := w.join(homeConf, opts); err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
}

func TestJoinTimesOutOnceDevicesSettled(t *testing.T) {
	w := newEmptyWorld(t)
	settled := make(chan struct{})
	opts := w.options()
	opts.InterfaceTimeout, opts.DevicesSettled = 50*time.Millisecond, settled
	start := time.Now()
	time.AfterFunc(150*time.Millisecond, func() { close(settled) })
	_, err := w.join(homeConf, opts)
	if !errors.Is(err, ErrNoInterface) {
		t.Fatalf("Join error %v, want ErrNoInterface", err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Errorf("gave up after %v: before the devices settled (150ms) plus the timeout (50ms)", waited)
	}
}
