package dhcp

import (
	"errors"
	"net/netip"
	"testing"
	"time"
)

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{
			name: "no offer",
			err:  &NoReplyError{Interface: "wlan0", Want: "offer", Attempts: 5, Elapsed: 30*time.Second + 400*time.Millisecond},
			want: "no DHCP offer on wlan0 after 5 attempts (30s)",
		},
		{
			name: "no ACK, quickly, after a send error",
			err: &NoReplyError{Interface: "eth0", Want: "ACK", For: "rebinding 10.0.0.5", Attempts: 1,
				Elapsed: 1500 * time.Microsecond, Last: errors.New("send: network is down")},
			want: "no DHCP ACK on eth0 rebinding 10.0.0.5 after 1 attempt (2ms): last error: send: network is down",
		},
		{
			name: "NAK without server id or message",
			err:  &NAKError{Interface: "eth0", Address: netip.MustParseAddr("10.0.0.5")},
			want: "a DHCP server refused 10.0.0.5 on eth0 (NAK)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}
