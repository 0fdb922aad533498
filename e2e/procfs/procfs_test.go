package procfs

import (
	"testing"
)

func TestParseStatCPU(t *testing.T) {
	tests := []struct {
		name    string
		stat    string
		want    float64
		wantErr bool
	}{
		{name: "plain", stat: "129 (wpa_supplicant) S 1 129 129 0 -1 4194624 230 0 0 0 12 7 0 0 20 0 1 0 1234 5", want: 0.19},
		{name: "name with spaces and parentheses", stat: "132 (dhcpcd: (x) y) S 1 1 1 0 -1 0 0 0 0 0 40 4 0 0 20 0 1 0 1 1", want: 0.44},
		{name: "no closing parenthesis", stat: "1 (init S 0", wantErr: true},
		{name: "too few fields", stat: "1 (init) S 0 1 1 0 -1 0 0 0 0 0 5", wantErr: true},
		{name: "negative time", stat: "1 (init) S 0 1 1 0 -1 0 0 0 0 0 -5 1 0", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStatCPU(tt.stat)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseStatCPU(%q) = %v, %v; want %v, error %v", tt.stat, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestParseStatusMemory(t *testing.T) {
	tests := []struct {
		name    string
		status  string
		want    Memory
		wantErr bool
	}{
		{name: "process", status: "Name:\tdhcpcd\nVmPeak:\t 3000 kB\nVmRSS:\t    1608 kB\nRssAnon:\t     208 kB\n" +
			"RssFile:\t    1400 kB\nRssShmem:\t       0 kB\nThreads:\t1\n", want: Memory{RSS: 1608, Anon: 208, File: 1400}},
		{name: "kernel thread has none", status: "Name:\tkthreadd\nThreads:\t1\n"},
		{name: "no unit", status: "VmRSS:\t1608\n", wantErr: true},
		{name: "not a number", status: "RssFile:\tlots kB\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStatusMemory(tt.status)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseStatusMemory = %+v, %v; want %+v, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestParseUptime(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    float64
		wantErr bool
	}{
		{name: "kernel format", in: "4.52 3.10", want: 4.52},
		{name: "one field", in: "12.00", want: 12},
		{name: "empty", in: "  ", wantErr: true},
		{name: "garbage", in: "soon 1.0", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseUptime(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseUptime(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseUptime(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseUptimeLine(t *testing.T) {
	if got, err := ParseUptime("18.42 30.11\n"); err != nil || got != 18.42 {
		t.Errorf("ParseUptime = %v, %v; want 18.42", got, err)
	}
	for _, bad := range []string{"", "soon 1"} {
		if _, err := ParseUptime(bad); err == nil {
			t.Errorf("ParseUptime(%q): nil error", bad)
		}
	}
}

func TestParseStatCPUTicks(t *testing.T) {
	// A command name with a space and a parenthesis; utime 17, stime 4.
	stat := "107 (@air root)) S 1 107 107 0 -1 4194560 420 0 0 0 17 4 0 0 20 0 6 0 2210 0"
	if got, err := ParseStatCPUTicks(stat); err != nil || got != 21 {
		t.Errorf("ParseStatCPUTicks() = %d, %v; want 21", got, err)
	}
	for _, bad := range []string{"107 no parenthesis", "107 (x) S 1 2", "107 (x) S 1 107 107 0 -1 0 0 0 0 0 x 4 0"} {
		if _, err := ParseStatCPUTicks(bad); err == nil {
			t.Errorf("ParseStatCPUTicks(%q): want an error", bad)
		}
	}
}

func TestParseStatChildrenCPUTicks(t *testing.T) {
	// utime 17, stime 4, cutime 30, cstime 9: a supervisor whose first worker ended.
	stat := "102 (@airroot) S 1 102 102 0 -1 4194560 420 0 0 0 17 4 30 9 20 0 6 0 2210 0"
	tests := []struct {
		name    string
		stat    string
		want    uint64
		wantErr bool
	}{
		{name: "supervisor", stat: stat, want: 39},
		{name: "no children yet", stat: "107 (x) S 1 107 107 0 -1 0 0 0 0 0 3 1 0 0 20", want: 0},
		{name: "cut short", stat: "107 (x) S 1 107 107 0 -1 0 0 0 0 0 3 1 5", wantErr: true},
		{name: "not a number", stat: "107 (x) S 1 107 107 0 -1 0 0 0 0 0 3 1 x 0", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStatChildrenCPUTicks(tt.stat)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseStatChildrenCPUTicks(%q) = %d, %v; want %d, error %v", tt.stat, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestParseStatStartSeconds(t *testing.T) {
	// starttime 2210 ticks: 22.1 s after boot.
	stat := "107 (@air root)) S 1 107 107 0 -1 4194560 420 0 0 0 17 4 0 0 20 0 6 0 2210 0"
	if got, err := ParseStatStartSeconds(stat); err != nil || got != 22.1 {
		t.Errorf("ParseStatStartSeconds() = %v, %v; want 22.1", got, err)
	}
	if _, err := ParseStatStartSeconds("107 (x) S 1 107 107 0 -1 0 0 0 0 0 3 1 0 0 20 0 6 0"); err == nil {
		t.Error("ParseStatStartSeconds(a line without starttime): want an error")
	}
}

func FuzzParseStatCPU(f *testing.F) {
	f.Add("129 (wpa_supplicant) S 1 129 129 0 -1 4194624 230 0 0 0 12 7 0 0 20 0 1 0 1234 5")
	f.Add("1 ()) R 0 0 0 0 0 0 0 0 0 0 1 1 0")
	f.Add(")")
	f.Fuzz(func(t *testing.T, stat string) {
		v, err := ParseStatCPU(stat)
		if err == nil && (v < 0 || v != v) {
			t.Errorf("ParseStatCPU(%q) = %v: want a non-negative number of seconds", stat, v)
		}
	})
}
