package main

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseRequest(t *testing.T) {
	tests := []struct {
		name    string
		cmdline string
		want    request
		wantErr string
	}{
		{name: "nothing asked", cmdline: "console=ttyAMA0 rw\n", want: request{}},
		{name: "idle and names", cmdline: "rw airroot_bench_idle=60 airroot_bench_procs=wpa_supplicant,dhcpcd\n",
			want: request{idle: time.Minute, names: []string{"wpa_supplicant", "dhcpcd"}}},
		{name: "fractional idle", cmdline: "airroot_bench_idle=0.5 airroot_bench_procs=@airroot",
			want: request{idle: 500 * time.Millisecond, names: []string{"@airroot"}}},
		{name: "idle without names", cmdline: "airroot_bench_idle=60", wantErr: "nothing to measure"},
		{name: "bad idle", cmdline: "airroot_bench_idle=soon airroot_bench_procs=x", wantErr: "want seconds"},
		{name: "idle too long", cmdline: "airroot_bench_idle=86400 airroot_bench_procs=x", wantErr: "want seconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseRequest(tt.cmdline)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("parseRequest error = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(request{})); diff != "" {
				t.Errorf("parseRequest (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatchProcess(t *testing.T) {
	names := []string{"@airroot", "wpa_supplicant", "dhcpcd"}
	tests := []struct {
		name, comm, cmdline string
		want, wantArgv0     string
		ok                  bool
	}{
		{name: "keeper by argv[0]", comm: "init\n", cmdline: "@airroot\x00", want: "@airroot", wantArgv0: "@airroot", ok: true},
		{name: "dhcpcd renamed by setproctitle, by comm", comm: "dhcpcd\n", cmdline: "dhcpcd: wlan0 [ip4]\x00", want: "dhcpcd",
			wantArgv0: "dhcpcd: wlan0 [ip4]", ok: true},
		{name: "by argv[0]'s base name", comm: "wpa_supplican\n", cmdline: "/sbin/wpa_supplicant\x00-B\x00", want: "wpa_supplicant",
			wantArgv0: "/sbin/wpa_supplicant", ok: true},
		{name: "hostapd is not ours", comm: "hostapd\n", cmdline: "/usr/sbin/hostapd\x00", wantArgv0: "/usr/sbin/hostapd"},
		{name: "kernel thread", comm: "kworker/0:1\n", cmdline: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, argv0, ok := matchProcess(names, tt.comm, []byte(tt.cmdline))
			if got != tt.want || argv0 != tt.wantArgv0 || ok != tt.ok {
				t.Errorf("matchProcess = %q, %q, %v; want %q, %q, %v", got, argv0, ok, tt.want, tt.wantArgv0, tt.ok)
			}
		})
	}
}

func FuzzParseRequest(f *testing.F) {
	f.Add("rw airroot_bench_idle=60 airroot_bench_procs=wpa_supplicant,dhcpcd")
	f.Add("airroot_bench_idle=1e-9 airroot_bench_procs=,")
	f.Add("airroot_bench_idle=NaN")
	f.Fuzz(func(t *testing.T, cmdline string) {
		req, err := parseRequest(cmdline)
		if err != nil {
			return
		}
		if req.idle < 0 || req.idle > time.Hour {
			t.Errorf("parseRequest(%q) idle %v: want 0 to an hour", cmdline, req.idle)
		}
		if req.idle > 0 && len(req.names) == 0 {
			t.Errorf("parseRequest(%q) idles without names", cmdline)
		}
		for _, n := range req.names {
			if n == "" || strings.ContainsAny(n, ", \t\n") {
				t.Errorf("parseRequest(%q) name %q: want no empty names, commas or spaces", cmdline, n)
			}
		}
	})
}
