package wifi

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/airroot/airroot/internal/errkind"
	"github.com/airroot/airroot/netboot/wpa"
)

func TestRetryOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Retry
	}{
		{"no interface", errkind.Errorf(ErrNoInterface, "no wireless interface after 10s (have: lo)"), RetrySoon},
		{"SSID not found", &NotFoundError{SSIDs: []string{"home"}}, RetrySoon},
		{"association", fmt.Errorf("associate: %w", ErrAssociation), RetrySoon},
		{"wrong pass-phrase", fmt.Errorf("handshake with x failed: %w", ErrWrongPassphrase), RetrySlowly},
		{"802.1X credentials refused", fmt.Errorf("802.1X: EAP-Failure: %w", ErrCredentials), RetrySlowly},
		{"no CCMP on the access point", fmt.Errorf("access point x offers only TKIP: %w", ErrAccessPoint), RetrySoon},
		{"no CCMP on the radio", fmt.Errorf("wlan0 does not support CCMP: %w", ErrUnsupported), RetryNever},
		{"configuration", fmt.Errorf("no enabled network: %w", ErrConfig), RetryNever},
		{"timeout", fmt.Errorf("scan: %w", context.DeadlineExceeded), RetrySoon},
		{"cancelled", fmt.Errorf("scan: %w", context.Canceled), RetryNever},
		{"netlink failure", errors.New("nl80211: trigger scan: device or resource busy"), RetrySoon},
		{"downgrade attack", fmt.Errorf("handshake: %w: %w", wpa.ErrDowngrade, ErrHandshake), RetrySoon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RetryOf(tt.err); got != tt.want {
				t.Errorf("RetryOf(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestPrintableSSID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"home", "home"},
		{"Café Ünïcode", "Café Ünïcode"},
		{"a, b", `"a, b"`},
		{"tab\there", `"tab\there"`},
		{" padded", `" padded"`},
		{"\xff\xfe", `"\xff\xfe"`},
	}
	for _, tt := range tests {
		if got := printableSSID(tt.in); got != tt.want {
			t.Errorf("printableSSID(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestReasonAndStatus(t *testing.T) {
	tests := []struct{ got, want string }{
		{Reason(15), "reason 15: 4-way handshake timeout"},
		{Reason(99), "reason 99"},
		{Status(17), "status 17: the access point cannot handle more stations"},
		{Status(0xffff), "status 65535"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
