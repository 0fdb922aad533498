package keeper

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wifi"
)

// closeCounter is a Radio that counts its Close calls; nothing else is called.
type closeCounter struct {
	wifi.Radio
	closed int
}

func (c *closeCounter) Close() error { c.closed++; return nil }

// TestRejoinFailedKeepsTheRadio: an attempt that failed because of the
// access point leaves the shared client and the device for the next one;
// any other failure closes the client and forgets the device, so the next
// attempt looks for the interface afresh.
func TestRejoinFailedKeepsTheRadio(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		keep bool
	}{
		{name: "access point not heard", err: fmt.Errorf("join: %w", wifi.ErrNotFound), keep: true},
		{name: "association refused", err: fmt.Errorf("associate: %w", wifi.ErrAssociation), keep: true},
		{name: "handshake failed", err: fmt.Errorf("handshake: %w", wifi.ErrWrongPassphrase), keep: true},
		{name: "interface gone", err: fmt.Errorf("scan on wlan0: %w", syscall.ENODEV)},
		{name: "client closed", err: fmt.Errorf("scan: %w", nl80211.ErrClosed)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			radio := &closeCounter{}
			k := &keeper{rejoinRadio: radio}
			dev := &wifi.Device{Wiphy: &nl80211.Wiphy{}}
			got := k.rejoinFailed(tt.err, dev)
			kept := got == dev && k.rejoinRadio != nil && radio.closed == 0
			dropped := got == nil && k.rejoinRadio == nil && radio.closed == 1
			if tt.keep && !kept || !tt.keep && !dropped {
				t.Errorf("after %v: device %v, client %v, closed %d times; want them kept: %v",
					tt.err, got, k.rejoinRadio, radio.closed, tt.keep)
			}
		})
	}
}
