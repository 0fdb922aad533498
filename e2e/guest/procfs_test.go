package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const sampleMountinfo = `1 1 0:2 / / rw - rootfs rootfs rw
22 1 0:21 / / rw,relatime - nfs 10.0.2.2:/ rw,vers=3,proto=tcp,port=4000,hard,timeo=600,retrans=2
23 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs devtmpfs rw,size=250000k
24 22 0:22 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
25 22 0:23 / /sys rw,nosuid,nodev,noexec,relatime master:1 - sysfs sysfs rw
26 22 0:24 / /mnt/with\040space rw - tmpfs tmp\134fs rw
`

func TestParseMountinfo(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []mount
		wantErr bool
	}{
		{
			name: "switched root",
			in:   sampleMountinfo,
			want: []mount{
				{Point: "/", FSType: "rootfs", Source: "rootfs", Options: "rw", SuperOptions: "rw"},
				{Point: "/", FSType: "nfs", Source: "10.0.2.2:/", Options: "rw,relatime", SuperOptions: "rw,vers=3,proto=tcp,port=4000,hard,timeo=600,retrans=2"},
				{Point: "/dev", FSType: "devtmpfs", Source: "devtmpfs", Options: "rw,nosuid", SuperOptions: "rw,size=250000k"},
				{Point: "/proc", FSType: "proc", Source: "proc", Options: "rw,nosuid,nodev,noexec,relatime", SuperOptions: "rw"},
				{Point: "/sys", FSType: "sysfs", Source: "sysfs", Options: "rw,nosuid,nodev,noexec,relatime", SuperOptions: "rw"},
				{Point: "/mnt/with space", FSType: "tmpfs", Source: `tmp\fs`, Options: "rw", SuperOptions: "rw"},
			},
		},
		{name: "empty", in: "", want: nil},
		{name: "blank lines skipped", in: "\n\n24 22 0:22 / /proc ro - proc proc rw\n", want: []mount{{Point: "/proc", FSType: "proc", Source: "proc", Options: "ro", SuperOptions: "rw"}}},
		{name: "no separator", in: "24 22 0:22 / /proc rw proc proc rw\n", wantErr: true},
		{name: "separator without fstype", in: "24 22 0:22 / /proc rw -\n", wantErr: true},
		{name: "too short", in: "24 22\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseMountinfo(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseMountinfo() error = %v, wantErr %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseMountinfo() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnescapeOctal(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{name: "plain", in: "/mnt", want: "/mnt"},
		{name: "space", in: `a\040b`, want: "a b"},
		{name: "backslash", in: `a\134b`, want: `a\b`},
		{name: "truncated escape kept", in: `a\04`, want: `a\04`},
		{name: "not octal kept", in: `a\09x`, want: `a\09x`},
		{name: "out of byte range kept", in: `a\777`, want: `a\777`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unescapeOctal(tt.in); got != tt.want {
				t.Errorf("unescapeOctal(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseMeminfo(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]int64
		wantErr bool
	}{
		{
			name: "kernel format",
			in:   "MemTotal:         506528 kB\nShmem:               12 kB\nUnevictable:       9000 kB\nHugePages_Total:       0\n",
			want: map[string]int64{"MemTotal": 506528 * 1024, "Shmem": 12 * 1024, "Unevictable": 9000 * 1024, "HugePages_Total": 0},
		},
		{name: "lines without colon or value skipped", in: "garbage\nEmpty:\n", want: map[string]int64{}},
		{name: "not a number", in: "Shmem: lots kB\n", wantErr: true},
		{name: "overflow", in: "Shmem: 9223372036854775807 kB\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseMeminfo(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseMeminfo() error = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseMeminfo() (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzParseMountinfo(f *testing.F) {
	f.Add(sampleMountinfo)
	f.Add("24 22 0:22 / /proc rw - proc proc rw\n")
	f.Add("1 2 3 4 5 6 - \n")
	f.Fuzz(func(t *testing.T, in string) {
		mounts, err := parseMountinfo(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, m := range mounts {
			if m.FSType == "" || strings.ContainsAny(m.FSType, " \t\n") || !strings.Contains(in, m.FSType) {
				t.Errorf("mount %+v: fstype must be a non-empty field of the input", m)
			}
			// Unescaping only ever shortens a field.
			if len(m.Point) > len(in) || len(m.Source) > len(in) {
				t.Errorf("mount %+v has fields longer than the input", m)
			}
		}
		if lines := strings.Count(in, "\n") + 1; len(mounts) > lines {
			t.Errorf("%d mounts from %d lines", len(mounts), lines)
		}
	})
}

func FuzzParseMeminfo(f *testing.F) {
	f.Add("MemTotal:         506528 kB\nShmem:               12 kB\nHugePages_Total:       0\n")
	f.Add("Unevictable: -1 kB\n")
	f.Fuzz(func(t *testing.T, in string) {
		info, err := parseMeminfo(strings.NewReader(in))
		if err != nil {
			return
		}
		for name := range info {
			if name != strings.TrimSpace(name) || !strings.Contains(in, name) {
				t.Errorf("name %q is not a trimmed name from the input", name)
			}
		}
		if lines := strings.Count(in, "\n") + 1; len(info) > lines {
			t.Errorf("%d entries from %d lines", len(info), lines)
		}
	})
}

func TestNFSRetry(t *testing.T) {
	tests := []struct {
		name, options, want string
		wantErr             bool
	}{
		{name: "the kernel's default", options: "rw,vers=3,hard,proto=tcp,timeo=600,retrans=2", want: "hard, timeo=600, retrans=2"},
		{name: "soft", options: "rw,vers=3,soft,timeo=600,retrans=2", want: "soft, timeo=600, retrans=2", wantErr: true},
		{name: "softerr", options: "rw,vers=4.2,softerr", want: "softerr", wantErr: true},
		{name: "no word of it", options: "rw", want: "hard"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := nfsRetry(tt.options)
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("nfsRetry(%q) = %q, %v; want %q, error %v", tt.options, got, err, tt.want, tt.wantErr)
			}
		})
	}
}
