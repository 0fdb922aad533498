package hostapdctl

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeHostapd answers each datagram with the replies for its text, to the sender's
// address, as hostapd does (an attached client would get events first).
func fakeHostapd(t *testing.T, replies map[string][]string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "hctl") // short: sun_path holds 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ctrl := filepath.Join(dir, "wlan1")
	l, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: ctrl, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		buf := make([]byte, 4096)
		for {
			n, from, err := l.ReadFromUnix(buf)
			if err != nil {
				return
			}
			for _, r := range replies[string(buf[:n])] {
				l.WriteToUnix([]byte(r), from)
			}
		}
	}()
	return ctrl
}

func TestRequest(t *testing.T) {
	ctrl := fakeHostapd(t, map[string][]string{
		"PING":   {"PONG\n"},
		"STATUS": {"<3>AP-STA-CONNECTED 02:00:00:00:00:00", "state=ENABLED\nchannel=6\n"},
	})
	for _, netns := range []string{"", "/proc/self/ns/net"} {
		t.Run("netns="+netns, func(t *testing.T) {
			c, err := Dial(ctrl, netns)
			if errors.Is(err, os.ErrPermission) {
				t.Skipf("Dial: %v (setns needs CAP_SYS_ADMIN)", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			for cmd, want := range map[string]string{"PING": "PONG\n", "STATUS": "state=ENABLED\nchannel=6\n"} {
				got, err := c.Request(cmd, 5*time.Second)
				if err != nil || got != want {
					t.Errorf("Request(%q) = %q, %v; want %q", cmd, got, err, want)
				}
			}
		})
	}
}

func TestRequestTimeoutHidesArguments(t *testing.T) {
	ctrl := fakeHostapd(t, nil) // never answers
	c, err := Dial(ctrl, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Request("SET wpa_passphrase secret123", 50*time.Millisecond)
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Request error = %v, want a deadline error", err)
	}
	if err == nil || strings.Contains(err.Error(), "secret123") || !strings.Contains(err.Error(), ": SET: ") {
		t.Errorf("Request error = %v, want the command name without its arguments", err)
	}
}

func TestDialErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, ctrl, netns, wantErr string
	}{
		{name: "no hostapd", ctrl: filepath.Join(dir, "wlan1"), wantErr: "connect: no such file or directory"},
		{name: "no namespace", ctrl: filepath.Join(dir, "wlan1"), netns: "/proc/0/ns/net", wantErr: "open network namespace /proc/0/ns/net"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Dial(tt.ctrl, tt.netns)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) ||
				!strings.HasPrefix(err.Error(), "connect to hostapd control socket "+tt.ctrl+": ") {
				t.Errorf("Dial() = %v, want an error naming the socket and containing %q", err, tt.wantErr)
			}
		})
	}
}
