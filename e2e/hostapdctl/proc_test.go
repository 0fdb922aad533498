package hostapdctl

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFindProcess(t *testing.T) {
	proc := fstest.MapFS{
		"1/cmdline":    {Data: []byte("/sbin/init\x00")},
		"82/cmdline":   {Data: []byte("@airroot\x00")},
		"77/cmdline":   {Data: []byte("/usr/sbin/hostapd\x00-t\x00/e2e/hostapd.conf\x00")},
		"700/cmdline":  {Data: []byte("/usr/sbin/hostapd\x00")},
		"9/cmdline":    {Data: []byte{}}, // a kernel thread
		"self/cmdline": {Data: []byte("/usr/sbin/hostapd\x00")},
		"meminfo":      {Data: []byte("MemTotal: 1 kB\n")},
	}
	tests := []struct {
		argv0   string
		want    int
		wantErr string
	}{
		{argv0: "/usr/sbin/hostapd", want: 77},
		{argv0: "@airroot", want: 82},
		{argv0: "/usr/sbin/hostapd_cli", wantErr: "find process /usr/sbin/hostapd_cli: no process in /proc has that argv[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.argv0, func(t *testing.T) {
			got, err := FindProcess(proc, tt.argv0)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("FindProcess() = %d, %v; want error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("FindProcess() = %d, %v; want %d", got, err, tt.want)
			}
		})
	}
	if got := NetNSPath(77); got != "/proc/77/ns/net" {
		t.Errorf("NetNSPath(77) = %q", got)
	}
}

func TestPIDRoundTrip(t *testing.T) {
	ctrl := filepath.Join(t.TempDir(), "wlan1")
	if _, err := ReadPID(ctrl); err == nil {
		t.Error("ReadPID() with no file: no error")
	}
	if err := WritePID(ctrl, 4242); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadPID(ctrl); err != nil || got != 4242 {
		t.Errorf("ReadPID() = %d, %v, want 4242", got, err)
	}
}
