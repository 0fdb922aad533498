package benchproto

import (
	"net/netip"
	"strings"
	"testing"
)

func TestRejoinParamRoundTrip(t *testing.T) {
	r := RejoinRequest{Echo: netip.MustParseAddrPort("10.0.2.2:40123"), HostapdCtrl: "/run/hostapd/wlan1", RestartControl: "/dev/e2e-ap-restart"}
	cmdline := "console=ttyAMA0 ip=dhcp " + r.Param() + " rw"
	got, found, err := ParseRejoinParam(cmdline)
	if !found || err != nil || got != r {
		t.Errorf("ParseRejoinParam(%q) = %+v, %v, %v; want %+v", cmdline, got, found, err, r)
	}
}

func TestParseRejoinParam(t *testing.T) {
	tests := []struct {
		cmdline string
		found   bool
		wantErr string
	}{
		{"console=ttyAMA0 ip=dhcp", false, ""},
		{"xairroot_bench_rejoin=10.0.2.2:5,/a,/b", false, ""},
		{"airroot_bench_rejoin=10.0.2.2:5,/a", true, "want ECHO,CTRL,FIFO"},
		{"airroot_bench_rejoin=10.0.2.2,/a,/b", true, "want IPv4:port"},
		{"airroot_bench_rejoin=[::1]:5,/a,/b", true, "want IPv4:port"},
		{"airroot_bench_rejoin=10.0.2.2:0,/a,/b", true, "want IPv4:port"},
		{"airroot_bench_rejoin=10.0.2.2:5,a,/b", true, "clean absolute path"},
		{"airroot_bench_rejoin=10.0.2.2:5,/a,/b/../c", true, "clean absolute path"},
	}
	for _, tt := range tests {
		_, found, err := ParseRejoinParam(tt.cmdline)
		if found != tt.found {
			t.Errorf("ParseRejoinParam(%q) found = %v, want %v", tt.cmdline, found, tt.found)
		}
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("ParseRejoinParam(%q) error = %v, want one with %q", tt.cmdline, err, tt.wantErr)
		}
	}
}

func FuzzParseRejoinParam(f *testing.F) {
	f.Add("airroot_bench_rejoin=10.0.2.2:40123,/run/hostapd/wlan1,/dev/e2e-ap-restart")
	f.Add("ip=dhcp airroot_bench_rejoin=1.2.3.4:1,/,/ x=y")
	f.Fuzz(func(t *testing.T, cmdline string) {
		r, found, err := ParseRejoinParam(cmdline)
		if !found || err != nil {
			return
		}
		again, found, err := ParseRejoinParam(r.Param())
		if !found || err != nil || again != r {
			t.Errorf("%q parsed as %+v, whose Param %q parses as %+v, %v, %v", cmdline, r, r.Param(), again, found, err)
		}
	})
}
